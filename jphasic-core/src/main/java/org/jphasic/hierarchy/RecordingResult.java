package org.jphasic.hierarchy;

import java.util.Objects;
import java.util.function.Supplier;
import org.jphasic.exec.ExecutionReport;
import org.jphasic.trace.Trace;

/**
 * A hierarchical recording and what it cost. The graph's content key is computed when it is first asked for if
 * the recording did not need it (no cache): hashing a large graph costs milliseconds that a recording without a
 * cache has no use for.
 */
public final class RecordingResult {
    private final Trace trace;
    private final Supplier<String> keySource;
    private volatile String key;
    private final int units;
    private final int distinctUnits;
    private final int cacheHits;
    private final int cacheMisses;
    private final String strategy;
    private final double seconds;
    private final ExecutionReport execution;

    /**
     * A result whose key is known.
     *
     * @param trace         the whole graph's trace
     * @param key           the graph's content key
     * @param units         work units the graph was cut into (0 when the whole trace came from the cache)
     * @param distinctUnits units with distinct content (identical units are recorded once)
     * @param cacheHits     traces served from a cache: the local store (the whole graph counts as one) or a cache
     *                      the executor shares with others, such as the cluster-wide trace map
     * @param cacheMisses   units recorded
     * @param strategy      the executor that recorded them ("none" if nothing was recorded)
     * @param seconds       wall time of the whole call
     * @param execution     what the executor reports beyond that (units per cluster member, retries);
     *                      {@link ExecutionReport#NONE} for local executors or when nothing was recorded
     */
    public RecordingResult(Trace trace, String key, int units, int distinctUnits, int cacheHits, int cacheMisses,
                           String strategy, double seconds, ExecutionReport execution) {
        this(trace, () -> key, units, distinctUnits, cacheHits, cacheMisses, strategy, seconds, execution);
        Objects.requireNonNull(key, "key");
        this.key = key;
    }

    /**
     * A result whose key is known, with no executor report.
     *
     * @param trace         the whole graph's trace
     * @param key           the graph's content key
     * @param units         work units the graph was cut into
     * @param distinctUnits units with distinct content
     * @param cacheHits     traces served from the cache
     * @param cacheMisses   units recorded
     * @param strategy      the executor that recorded them
     * @param seconds       wall time of the whole call
     */
    public RecordingResult(Trace trace, String key, int units, int distinctUnits, int cacheHits, int cacheMisses,
                           String strategy, double seconds) {
        this(trace, key, units, distinctUnits, cacheHits, cacheMisses, strategy, seconds, ExecutionReport.NONE);
    }

    /** A result whose key is computed by {@code keySource} when first asked for. */
    RecordingResult(Trace trace, Supplier<String> keySource, int units, int distinctUnits, int cacheHits,
                    int cacheMisses, String strategy, double seconds, ExecutionReport execution) {
        if (execution == null) {
            throw new IllegalArgumentException("execution report is required (ExecutionReport.NONE for none)");
        }
        this.trace = Objects.requireNonNull(trace, "trace");
        this.keySource = keySource;
        this.units = units;
        this.distinctUnits = distinctUnits;
        this.cacheHits = cacheHits;
        this.cacheMisses = cacheMisses;
        this.strategy = strategy;
        this.seconds = seconds;
        this.execution = execution;
    }

    /** @return the whole graph's trace */
    public Trace trace() {
        return trace;
    }

    /** @return the graph's content key ({@link org.jphasic.io.GraphHash}), computed now if it was not needed */
    public String key() {
        String k = key;
        if (k == null) {
            k = keySource.get();
            key = k;
        }
        return k;
    }

    /** @return work units the graph was cut into (0 when the whole trace came from the cache) */
    public int units() {
        return units;
    }

    /** @return units with distinct content (identical units are recorded once) */
    public int distinctUnits() {
        return distinctUnits;
    }

    /** @return traces served from a cache (the local store, where the whole graph counts as one, or a shared one) */
    public int cacheHits() {
        return cacheHits;
    }

    /** @return units recorded */
    public int cacheMisses() {
        return cacheMisses;
    }

    /** @return the executor that recorded the units ("none" if nothing was recorded) */
    public String strategy() {
        return strategy;
    }

    /** @return wall time of the whole call, in seconds */
    public double seconds() {
        return seconds;
    }

    /** @return what the executor reports beyond that ({@link ExecutionReport#NONE} for local executors) */
    public ExecutionReport execution() {
        return execution;
    }

    @Override
    public String toString() {
        return "RecordingResult[key=" + (key == null ? "(not computed yet)" : key) + ", units=" + units + ", distinctUnits=" + distinctUnits
                + ", cacheHits=" + cacheHits + ", cacheMisses=" + cacheMisses + ", strategy=" + strategy
                + ", seconds=" + seconds + ", execution=" + execution + "]";
    }
}
