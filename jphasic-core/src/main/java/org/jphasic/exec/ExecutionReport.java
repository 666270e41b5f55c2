package org.jphasic.exec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an executor did in its most recent {@link WorkExecutor#record} call, beyond the traces: which member
 * recorded how many units, how many units came from a cache shared between members instead of being recorded,
 * and how many had to be resubmitted because their member left. Local executors report nothing
 * ({@link #NONE}); the cluster executor fills every field.
 *
 * <pre>{@code
 * ExecutionReport r = recordingResult.execution();
 * r.unitsByMember();      // {"127.0.0.1:5701"=12, "127.0.0.1:5702"=11}
 * r.sharedCacheHits();    // units served from the cluster-wide trace map or a member's disk cache
 * }</pre>
 *
 * @param unitsByMember   units recorded by each member (in order of first report); unmodifiable
 * @param sharedCacheHits units served from a shared cache (the cluster map, a member's disk) without recording
 * @param retries         units resubmitted after their member left, died or handed them back
 * @param membersLost     members that left or died while holding units
 */
public record ExecutionReport(Map<String, Integer> unitsByMember, int sharedCacheHits, int retries,
                              int membersLost) {
    /** The report of an executor that has nothing to add. */
    public static final ExecutionReport NONE = new ExecutionReport(Map.of(), 0, 0, 0);

    /**
     * Validates and copies.
     *
     * @param unitsByMember   units recorded by each member
     * @param sharedCacheHits units served from a shared cache
     * @param retries         units resubmitted
     * @param membersLost     members lost while holding units
     */
    public ExecutionReport {
        if (sharedCacheHits < 0 || retries < 0 || membersLost < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got sharedCacheHits " + sharedCacheHits
                    + ", retries " + retries + ", membersLost " + membersLost);
        }
        unitsByMember = Collections.unmodifiableMap(new LinkedHashMap<>(unitsByMember));
    }

    /** @return the units recorded, summed over the members */
    public int unitsRecorded() {
        return unitsByMember.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return whether there is nothing to report */
    public boolean isEmpty() {
        return unitsByMember.isEmpty() && sharedCacheHits == 0 && retries == 0 && membersLost == 0;
    }

    /** @return one line for people, e.g. {@code units per member: a=3, b=4; 2 from the shared cache; 1 retry} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("units per member: ");
        if (unitsByMember.isEmpty()) {
            s.append("none");
        }
        String sep = "";
        for (Map.Entry<String, Integer> e : unitsByMember.entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        s.append("; ").append(sharedCacheHits).append(" from the shared cache; ").append(retries)
                .append(retries == 1 ? " retry" : " retries").append("; ").append(membersLost)
                .append(membersLost == 1 ? " member lost" : " members lost");
        return s.toString();
    }
}
