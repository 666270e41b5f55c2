package org.jphasic.exec;

import java.util.List;
import org.jphasic.ProgressListener;

/**
 * Records the traces of work units, somewhere: this thread, this machine's cores, a cluster. The core finds
 * the cluster implementation through {@link WorkExecutorProvider} and {@link java.util.ServiceLoader}, so it
 * never depends on the cluster's libraries.
 */
public interface WorkExecutor extends AutoCloseable {
    /** @return a short description for logs and reports, e.g. {@code threads(2)} */
    String name();

    /**
     * Records every task. Fails fast: the first unit that fails fails the whole call with a
     * {@link RecordingException} naming the unit's key and cause.
     *
     * @param tasks    the units, each recorded once
     * @param progress receives "recording units" reports (units done of total)
     * @return one result per task, in the same order
     */
    List<RecordedUnit> record(List<? extends UnitTask> tasks, ProgressListener progress);

    /**
     * What the most recent {@link #record} call did beyond the traces: units per member, units served from a
     * cache shared between members, resubmissions after a member left. Local executors have nothing to add.
     *
     * @return the report of the last call, {@link ExecutionReport#NONE} before the first or if there is none
     */
    default ExecutionReport report() {
        return ExecutionReport.NONE;
    }

    /** Releases threads or connections. */
    @Override
    void close();
}
