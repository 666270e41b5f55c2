package org.jphasic.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jphasic.ClusterException;
import org.jphasic.ProgressListener;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.RecordingException;
import org.jphasic.exec.Strategy;
import org.jphasic.exec.UnitTask;
import org.jphasic.exec.WorkExecutor;
import org.jphasic.exec.WorkExecutors;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.DenseOracle;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceSource;
import org.junit.jupiter.api.Test;

/**
 * Faults that do not need separate processes: no member reachable, a unit with bad data, members of another
 * version, a worker stopped mid-run.
 */
class ClusterFaultTest {
    @Test
    void noMemberReachableIsAClearErrorWithinSeconds() {
        List<String> nobody = List.of(TestCluster.unreachableAddress());
        ExecutionSettings settings = new ExecutionSettings(Strategy.CLUSTER, 0, nobody, "jphasic-test-nobody",
                Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> WorkExecutors.open(settings, 3)).isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("Cannot use strategy='cluster': no cluster members reachable at "
                        + nobody.get(0) + "\n  Start workers with: jphasic worker --join " + nobody.get(0)
                        + "   Or use: --strategy threads");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("seconds until the error").isLessThan(10);
    }

    @Test
    void aUnitWithBadDataFailsTheRecordingWithItsReasonAndIsNotRetried() {
        WorkUnit good = UnitPlanner.plan(Rabbits.parameterized(6), 1).get(1);
        byte[] truncated = Arrays.copyOf(good.toBytes(), good.toBytes().length - 3);
        UnitTask bad = new UnitTask() {
            @Override
            public String key() {
                return good.key();
            }

            @Override
            public TraceSource source() {
                return good;
            }

            @Override
            public byte[] toBytes() {
                return truncated;
            }

            @Override
            public int vertexCount() {
                return good.vertexCount();
            }
        };
        try (TestCluster cluster = TestCluster.start(1);
             WorkExecutor executor = WorkExecutors.open(cluster.settings(), 1)) {
            assertThat(executor.name()).isEqualTo("cluster(1 member)");
            assertThatThrownBy(() -> executor.record(List.of(bad), ProgressListener.NONE))
                    .isInstanceOf(RecordingException.class)
                    .hasMessageContaining(good.key())
                    .hasMessageContaining("failed on cluster member " + cluster.addresses.get(0))
                    .hasMessageContaining("invalid work unit bytes")
                    .satisfies(e -> assertThat(((RecordingException) e).unitKey()).isEqualTo(good.key()));
            assertThat(executor.report().retries()).isZero();
            assertThat(cluster.workers.get(0).statistics().failed()).isEqualTo(1);
        }
    }

    @Test
    void aCoordinatorRefusesWorkersOfAnotherVersion() {
        try (TestCluster cluster = new TestClusterOfVersion("0.0.0-elsewhere").start()) {
            assertThatThrownBy(() -> WorkExecutors.open(cluster.settings(), 3)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("runs jphasic 0.0.0-elsewhere, this side runs jphasic "
                            + BuildVersion.current())
                    .hasMessageContaining("Members of different jphasic versions refuse to work together");
        }
    }

    @Test
    void aWorkerOnAPortInUseSaysSo() {
        try (TestCluster cluster = TestCluster.start(1)) {
            assertThatThrownBy(() -> cluster.worker(0).start()).isInstanceOf(ClusterException.class)
                    .hasMessageStartingWith("cannot start a cluster worker on " + cluster.addresses.get(0) + ": ")
                    .hasMessageContaining("Choose another with --port");
        }
    }

    @Test
    void aWorkerOfAnotherVersionRefusesToJoin() throws InterruptedException {
        try (TestCluster cluster = TestCluster.start(1)) {
            List<String> second = TestCluster.freeAddresses(1);
            int port = Integer.parseInt(second.get(0).substring(second.get(0).indexOf(':') + 1));
            assertThatThrownBy(() -> ClusterWorker.builder().join(cluster.addresses).port(port)
                    .clusterName(cluster.name).version("0.0.0-elsewhere").start())
                    .isInstanceOf(ClusterException.class)
                    .hasMessageContaining("cannot join cluster '" + cluster.name + "'")
                    .hasMessageContaining("runs jphasic " + BuildVersion.current())
                    .hasMessageContaining("Members of different jphasic versions refuse to work together");
            // the refused worker left again: the first one is alone (member removal takes a moment)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.workers.get(0).memberCount() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(cluster.workers.get(0).memberCount()).isEqualTo(1);
        }
    }

    @Test
    void aStoppingWorkerFinishesItsUnitsInFlightAndTheRecordingCompletes() throws Exception {
        Set<String> startedOnSecond = ConcurrentHashMap.newKeySet();
        Set<String> finishedOnSecond = ConcurrentHashMap.newKeySet();
        CountDownLatch secondBusy = new CountDownLatch(1);
        UnitObserver slow = SlowObserver.sleeping(Duration.ofMillis(60));
        UnitObserver second = new SlowObserver(Duration.ofMillis(400), key -> {
            startedOnSecond.add(key);
            secondBusy.countDown();
        }, finishedOnSecond::add);
        Graph g = Rabbits.parameterized(20);
        try (TestCluster cluster = TestCluster.start(2, i -> i == 0 ? slow : second)) {
            CompletableFuture<RecordingResult> recording = CompletableFuture.supplyAsync(() -> HierarchicalRecorder
                    .builder().minComponentSize(1).execution(cluster.settings()).build().record(g));
            assertThat(secondBusy.await(30, TimeUnit.SECONDS)).as("the second worker took a unit").isTrue();
            cluster.workers.get(1).close();
            RecordingResult r = recording.get(60, TimeUnit.SECONDS);
            assertThat(finishedOnSecond).as("units the stopped worker had started").isEqualTo(startedOnSecond)
                    .isNotEmpty();
            assertThat(cluster.workers.get(1).statistics().failed()).isZero();
            assertThat(r.cacheHits() + r.cacheMisses()).isEqualTo(r.distinctUnits());
            double[] theta = {1, 2, 4};
            TraceEvaluator ev = new TraceEvaluator(r.trace());
            ev.evaluate(theta);
            assertRelativelyClose(ev.moments().moments(2), new DenseOracle(g.at(theta)).moments(2, null), 1e-9,
                    "moments recorded while a worker stopped");
        }
    }

    /** One worker that claims another jphasic version. */
    private static final class TestClusterOfVersion {
        private final String version;

        TestClusterOfVersion(String version) {
            this.version = version;
        }

        TestCluster start() {
            return TestCluster.start(1, i -> UnitObserver.NONE, b -> b.version(version));
        }
    }
}
