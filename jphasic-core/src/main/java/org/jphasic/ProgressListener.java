package org.jphasic;

/**
 * Receives progress reports from long computations (state-space exploration, trace recording, batch
 * evaluation). Implementations must be cheap and thread-safe; they are called from the computing threads a
 * few hundred times per task at most.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every report. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * Reports progress.
     *
     * @param task  a short name of the work, such as {@code "exploring states"}
     * @param done  units done so far
     * @param total units in all, or -1 when not known yet
     */
    void update(String task, long done, long total);
}
