package org.jphasic.cache;

import org.jphasic.trace.Trace;

/**
 * A content-addressed store of traces. Implementations are thread-safe. A damaged entry is never returned: it is
 * reported, removed and treated as absent.
 */
public interface TraceStore {
    /**
     * @param kind the level
     * @param key  the content key (64 hex characters, or a rendered graph key)
     * @return the stored trace, or {@code null} if there is none (or it was damaged and has been removed)
     */
    Trace get(TraceKind kind, String key);

    /**
     * Stores a trace. A failure to write is reported (logged) and counted, never thrown: the computation that
     * produced the trace stays correct without the cache.
     *
     * @param kind           the level
     * @param key            the content key
     * @param trace          the trace
     * @param recordingNanos how long recording it took (what a later hit saves)
     */
    void put(TraceKind kind, String key, Trace trace, long recordingNanos);

    /** @return a snapshot of the statistics since this store was opened */
    CacheStatistics statistics();
}
