package org.jphasic.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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

    /** Finds units and hands each over as soon as it exists; see {@link #record(UnitProducer, ProgressListener)}. */
    @FunctionalInterface
    interface UnitProducer {
        /**
         * Finds the units.
         *
         * @param sink receives every unit to record, once; after a unit has failed it throws that failure, which
         *             should end the search
         */
        void produce(Consumer<UnitTask> sink);

        /**
         * Called as soon as a unit handed over is recorded, on the thread that recorded it, so that its result can
         * be used while other units are still being recorded. Executors may call it from several threads at once
         * and in any order; a failure it throws fails the recording as a unit's would. Does nothing by default.
         *
         * @param index the unit's position in hand-over order
         * @param unit  its result, also returned by {@link #record(UnitProducer, ProgressListener)}
         */
        default void recorded(int index, RecordedUnit unit) {
        }
    }

    /**
     * Records units while they are still being found: the producer runs on the calling thread, and an executor
     * may start recording the first units before it has finished, and hands each result to
     * {@link UnitProducer#recorded} as soon as it exists. Fails fast as {@link #record(List, ProgressListener)}; a
     * failure of the producer itself is rethrown after the units under way are done. This default finds all the
     * units first, records them, and then hands the results over in order.
     *
     * @param producer finds the units
     * @param progress receives "recording units" reports (units done of total), once the total is known
     * @return one result per unit handed over, in that order
     */
    default List<RecordedUnit> record(UnitProducer producer, ProgressListener progress) {
        List<UnitTask> tasks = new ArrayList<>();
        producer.produce(tasks::add);
        List<RecordedUnit> results = tasks.isEmpty() ? List.of() : record(tasks, progress);
        for (int i = 0; i < results.size(); i++) {
            producer.recorded(i, results.get(i));
        }
        return results;
    }

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
