package org.jphasic.hierarchy;

import org.jphasic.exec.ExecutionReport;
import org.jphasic.trace.Trace;

/**
 * A hierarchical recording and what it cost.
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
public record RecordingResult(Trace trace, String key, int units, int distinctUnits, int cacheHits,
                              int cacheMisses, String strategy, double seconds, ExecutionReport execution) {
    /**
     * Validates.
     *
     * @param trace         the whole graph's trace
     * @param key           the graph's content key
     * @param units         work units the graph was cut into
     * @param distinctUnits units with distinct content
     * @param cacheHits     traces served from a cache
     * @param cacheMisses   units recorded
     * @param strategy      the executor that recorded them
     * @param seconds       wall time of the whole call
     * @param execution     what the executor reports beyond that
     */
    public RecordingResult {
        if (execution == null) {
            throw new IllegalArgumentException("execution report is required (ExecutionReport.NONE for none)");
        }
    }

    /**
     * A result with no executor report.
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
}
