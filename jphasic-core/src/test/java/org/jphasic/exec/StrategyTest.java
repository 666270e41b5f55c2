package org.jphasic.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jphasic.ClusterException;
import org.jphasic.ParameterException;
import org.jphasic.ProgressListener;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.Rabbits;
import org.junit.jupiter.api.Test;

/** The strategy names and the messages of ARCHITECTURE.md, one test each. */
class StrategyTest {
    @Test
    void invalidNameListsTheValidOnes() {
        assertThatThrownBy(() -> Strategy.parse("thredas")).isInstanceOf(ParameterException.class)
                .hasMessage("Invalid parallelization strategy: 'thredas'\n"
                        + "  Valid options: 'auto', 'sequential', 'threads', 'cluster'");
    }

    @Test
    void phasicNamesAreAliases() {
        assertThat(Strategy.parse("vmap")).isEqualTo(Strategy.THREADS);
        assertThat(Strategy.parse("pmap")).isEqualTo(Strategy.CLUSTER);
        assertThat(Strategy.parse("Sequential")).isEqualTo(Strategy.SEQUENTIAL);
        assertThat(Strategy.parse("auto")).isEqualTo(Strategy.AUTO);
    }

    @Test
    void clusterWithoutConfigurationSaysHowToStartWorkers() {
        assertThatThrownBy(() -> WorkExecutors.open(ExecutionSettings.local(Strategy.CLUSTER), 3))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("Cannot use strategy='cluster': no cluster configured")
                .hasMessageContaining("jphasic worker --join").hasMessageContaining("--strategy threads");
    }

    @Test
    void clusterWithoutTheClusterModuleSaysSo() {
        ExecutionSettings settings = new ExecutionSettings(Strategy.CLUSTER, 0, List.of("127.0.0.1:5701"),
                "jphasic", Duration.ofSeconds(1));
        assertThatThrownBy(() -> WorkExecutors.open(settings, 3)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("jphasic-cluster module is not on the class path")
                .hasMessageContaining("--strategy threads");
    }

    @Test
    void autoChoosesByCoresAndUnits() {
        try (WorkExecutor one = WorkExecutors.open(ExecutionSettings.local(Strategy.AUTO), 1)) {
            assertThat(one.name()).isEqualTo("sequential");
        }
        boolean multicore = Runtime.getRuntime().availableProcessors() > 1;
        try (WorkExecutor many = WorkExecutors.open(ExecutionSettings.local(Strategy.AUTO), 10)) {
            assertThat(many.name()).isEqualTo(multicore ? "threads(" + Runtime.getRuntime().availableProcessors()
                    + ")" : "sequential");
        }
    }

    /**
     * Units recorded while the producer is still finding others: results in hand-over order, equal to recording
     * the finished list; a failing unit stops the producer at its next hand-over and fails the call with the
     * unit's key; a failing producer fails the call with its own exception after the units under way.
     */
    @Test
    void unitsRecordedWhileBeingFoundFailFast() {
        Graph g = Rabbits.parameterized(8);
        List<WorkUnit> units = UnitPlanner.plan(g, 1);
        UnitTask broken = broken(units.get(2));
        for (WorkExecutor executor : List.of(WorkExecutors.sequential(), WorkExecutors.threads(2))) {
            try (executor) {
                List<RecordedUnit> streamed = executor.record(sink -> units.forEach(sink), ProgressListener.NONE);
                List<RecordedUnit> listed = executor.record(units, ProgressListener.NONE);
                assertThat(streamed).hasSize(units.size());
                for (int i = 0; i < units.size(); i++) {
                    assertThat(streamed.get(i).trace()).isEqualTo(listed.get(i).trace());
                }

                // with threads a producer that would go on for 10 s is stopped by the failure; the sequential
                // default finds all units first, so it gets a short one
                boolean threads = executor.name().startsWith("threads");
                int length = threads ? 10_000 : 3;
                java.util.concurrent.atomic.AtomicInteger handedOver = new java.util.concurrent.atomic.AtomicInteger();
                assertThatThrownBy(() -> executor.record(sink -> {
                    sink.accept(broken);
                    for (int i = 0; i < length; i++) {
                        sink.accept(units.get(i % units.size()));
                        handedOver.incrementAndGet();
                        pause();
                    }
                }, ProgressListener.NONE)).isInstanceOf(RecordingException.class)
                        .hasMessageContaining(broken.key()).hasMessageContaining("broken unit data");
                if (threads) {
                    assertThat(handedOver.get()).isLessThan(length);
                }

                assertThatThrownBy(() -> executor.record(sink -> {
                    sink.accept(units.get(0));
                    throw new IllegalStateException("planner failed");
                }, ProgressListener.NONE)).isInstanceOf(IllegalStateException.class).hasMessage("planner failed");
            }
        }
    }

    /**
     * Every result reaches the producer's {@code recorded} hook once, under its hand-over index, before the call
     * returns (with threads, from the thread that recorded it); a failure thrown by the hook fails the call.
     */
    @Test
    void resultsAreHandedToTheProducerAsTheyAreRecorded() {
        Graph g = Rabbits.parameterized(8);
        List<WorkUnit> units = UnitPlanner.plan(g, 1);
        for (WorkExecutor executor : List.of(WorkExecutors.sequential(), WorkExecutors.threads(2))) {
            try (executor) {
                java.util.concurrent.atomic.AtomicReferenceArray<RecordedUnit> seen =
                        new java.util.concurrent.atomic.AtomicReferenceArray<>(units.size());
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                List<RecordedUnit> results = executor.record(new WorkExecutor.UnitProducer() {
                    @Override
                    public void produce(java.util.function.Consumer<UnitTask> sink) {
                        units.forEach(sink);
                    }

                    @Override
                    public void recorded(int index, RecordedUnit unit) {
                        calls.incrementAndGet();
                        assertThat(seen.getAndSet(index, unit)).as("unit " + index + " handed over twice").isNull();
                    }
                }, ProgressListener.NONE);
                assertThat(calls.get()).as(executor.name()).isEqualTo(units.size());
                for (int i = 0; i < units.size(); i++) {
                    assertThat(seen.get(i)).as(executor.name() + " unit " + i).isSameAs(results.get(i));
                    assertThat(results.get(i).trace()).isEqualTo(
                            org.jphasic.trace.TraceRecorder.record(units.get(i)));
                }

                assertThatThrownBy(() -> executor.record(new WorkExecutor.UnitProducer() {
                    @Override
                    public void produce(java.util.function.Consumer<UnitTask> sink) {
                        units.forEach(sink);
                    }

                    @Override
                    public void recorded(int index, RecordedUnit unit) {
                        if (index == 1) {
                            throw new IllegalStateException("cannot use unit 1");
                        }
                    }
                }, ProgressListener.NONE)).isInstanceOf(IllegalStateException.class).hasMessage("cannot use unit 1");
            }
        }
    }

    /**
     * With threads, the units still waiting when the search ends are taken in hand-over order, in which their
     * results are used, except that a unit holding more than a 4·threads-th of the work left goes first.
     */
    @Test
    void waitingUnitsAreTakenInOrderLargeOnesFirst() {
        // 40 units of 10 to 30 vertices: none holds an eighth of the 800
        List<Integer> forty = java.util.stream.IntStream.range(0, 40).boxed().toList();
        assertThat(WorkExecutors.takingOrder(forty, i -> 10 + 10 * (i % 3), 2)).isEqualTo(forty);
        // 1,000 of 1,350 vertices in the last unit and 200 in the second: both exceed 1,350 / 8, the others not
        long[] skewed = {10, 200, 20, 30, 40, 50, 0, 1000};
        assertThat(WorkExecutors.takingOrder(List.of(0, 1, 2, 3, 4, 5, 6, 7), i -> skewed[i], 2))
                .containsExactly(7, 1, 0, 2, 3, 4, 5, 6);
        assertThat(WorkExecutors.takingOrder(List.of(5, 2), i -> skewed[i], 2)).containsExactly(5, 2);
        assertThat(WorkExecutors.takingOrder(List.of(), i -> 0, 2)).isEmpty();
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A unit whose source cannot be read. */
    private static UnitTask broken(WorkUnit unit) {
        return new UnitTask() {
            @Override
            public String key() {
                return unit.key();
            }

            @Override
            public org.jphasic.trace.TraceSource source() {
                throw new IllegalStateException("broken unit data");
            }

            @Override
            public byte[] toBytes() {
                return unit.toBytes();
            }

            @Override
            public int vertexCount() {
                return unit.vertexCount();
            }
        };
    }

    @Test
    void aFailingUnitFailsTheRecordingNamingItsKey() {
        Graph g = Rabbits.parameterized(5);
        WorkUnit unit = UnitPlanner.plan(g, 1).get(2);
        UnitTask broken = broken(unit);
        for (WorkExecutor executor : List.of(WorkExecutors.sequential(), WorkExecutors.threads(2))) {
            try (executor) {
                assertThatThrownBy(() -> executor.record(List.of(unit, broken, unit),
                        org.jphasic.ProgressListener.NONE)).isInstanceOf(RecordingException.class)
                        .hasMessageContaining(unit.key()).hasMessageContaining("broken unit data")
                        .satisfies(e -> assertThat(((RecordingException) e).unitKey()).isEqualTo(unit.key()));
            }
        }
        assertThat(HierarchicalRecorder.builder()).isNotNull();
    }

    /**
     * Threaded recordings share one pool of helper threads: recordings one after another are recorded by the same
     * few helpers instead of each starting its own. Ten recordings with one helper each would use ten helper
     * threads without reuse. The threads are told apart by identity (progress is reported on the recording thread).
     */
    @Test
    void helperThreadsAreReusedAcrossRecordings() {
        List<WorkUnit> units = UnitPlanner.plan(Rabbits.parameterized(8), 1);
        Thread caller = Thread.currentThread();
        Set<Thread> helpers = ConcurrentHashMap.newKeySet();
        ProgressListener who = (task, done, total) -> {
            if (Thread.currentThread() != caller) {
                helpers.add(Thread.currentThread());
            }
        };
        for (int r = 0; r < 10; r++) {
            try (WorkExecutor executor = WorkExecutors.threads(2)) {
                assertThat(executor.record(units, who)).hasSize(units.size());
            }
        }
        assertThat(helpers).isNotEmpty().hasSizeLessThan(5)
                .allMatch(t -> t.isDaemon() && t.getName().startsWith("jphasic-record-"));
    }
}
