package org.jphasic.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jphasic.trace.Trace;

/**
 * An in-memory trace store, least recently used first out, bounded by an estimate of the traces' memory. Alone
 * it is the cache of {@code --no-cache} runs within one process (identical units recorded once); in front of a
 * {@link DiskTraceStore} ({@link #inFrontOf}) it is the memory tier.
 */
public final class MemoryTraceStore implements TraceStore {
    private final long budgetBytes;
    private final TraceStore next;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;
    private long writes;
    private long nanosSaved;

    private record Entry(Trace trace, long bytes, long nanos) {
    }

    private MemoryTraceStore(long budgetBytes, TraceStore next) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("memory budget must be >= 0, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.next = next;
    }

    /**
     * @param budgetBytes the memory to use at most (an estimate)
     * @return a memory-only store
     */
    public static MemoryTraceStore create(long budgetBytes) {
        return new MemoryTraceStore(budgetBytes, null);
    }

    /**
     * @param budgetBytes the memory to use at most (an estimate)
     * @param next        the store behind (usually on disk); read on a memory miss and written through
     * @return a tiered store
     */
    public static MemoryTraceStore inFrontOf(long budgetBytes, TraceStore next) {
        return new MemoryTraceStore(budgetBytes, next);
    }

    @Override
    public Trace get(TraceKind kind, String key) {
        String k = kind.directory() + ":" + key;
        synchronized (this) {
            Entry e = entries.get(k);
            if (e != null) {
                hits++;
                nanosSaved += e.nanos;
                return e.trace;
            }
            if (next == null) {
                misses++;
            }
        }
        if (next == null) {
            return null;
        }
        Trace t = next.get(kind, key);
        if (t != null) {
            remember(k, t, 0);
        }
        return t;
    }

    @Override
    public void put(TraceKind kind, String key, Trace trace, long recordingNanos) {
        synchronized (this) {
            writes++;
        }
        remember(kind.directory() + ":" + key, trace, recordingNanos);
        if (next != null) {
            next.put(kind, key, trace, recordingNanos);
        }
    }

    private synchronized void remember(String key, Trace trace, long nanos) {
        long bytes = estimate(trace);
        if (bytes > budgetBytes) {
            return;
        }
        Entry old = entries.put(key, new Entry(trace, bytes, nanos));
        usedBytes += bytes - (old == null ? 0 : old.bytes);
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && it.hasNext()) {
            usedBytes -= it.next().getValue().bytes;
            it.remove();
        }
    }

    private static long estimate(Trace t) {
        return 64L + 24L * t.size() + 24L * t.commandCount() + 12L * t.edgeCount() + 4L * t.vertexCount();
    }

    @Override
    public CacheStatistics statistics() {
        CacheStatistics own;
        synchronized (this) {
            own = new CacheStatistics(hits, hits, misses, 0, next == null ? writes : 0, 0, 0, 0, nanosSaved);
        }
        return next == null ? own : own.plus(next.statistics());
    }

    /** @return the number of traces held in memory */
    public synchronized int size() {
        return entries.size();
    }
}
