package org.jphasic.hierarchy;

import org.jphasic.trace.Trace;

/**
 * A hierarchical recording and what it cost.
 *
 * @param trace         the whole graph's trace
 * @param key           the graph's content key
 * @param units         work units the graph was cut into (0 when the whole trace came from the cache)
 * @param distinctUnits units with distinct content (identical units are recorded once)
 * @param cacheHits     traces served from the cache (the whole graph counts as one)
 * @param cacheMisses   units recorded
 * @param strategy      the executor that recorded them ("none" if nothing was recorded)
 * @param seconds       wall time of the whole call
 */
public record RecordingResult(Trace trace, String key, int units, int distinctUnits, int cacheHits,
                              int cacheMisses, String strategy, double seconds) {
}
