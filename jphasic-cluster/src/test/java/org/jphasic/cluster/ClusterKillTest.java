package org.jphasic.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.DenseOracle;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two workers in JVMs of their own and a coordinator here, all on 127.0.0.1. One worker is killed (SIGKILL)
 * while it holds units: the recording completes, equals the direct trace, and every unit was recorded — none
 * lost, and only units the killed worker had started were recorded twice.
 */
@Tag("slow")
class ClusterKillTest {
    private static final Duration UNIT_DELAY = Duration.ofMillis(300);

    @Test
    void aWorkerKilledMidRunLosesNothing() throws Exception {
        String name = "jphasic-test-" + UUID.randomUUID();
        List<String> addresses = TestCluster.freeAddresses(2);
        String join = String.join(",", addresses);
        Graph g = Rabbits.parameterized(24);
        Set<String> keys = UnitPlanner.plan(g, 1).stream().map(WorkUnit::key).collect(Collectors.toSet());
        try (ChildJvm survivor = worker("survivor", name, addresses.get(0), join);
             ChildJvm victim = startAfter(survivor, () -> worker("victim", name, addresses.get(1), join))) {
            victim.await(l -> l.equals("READY " + addresses.get(1) + " 2"), Duration.ofSeconds(30));

            ExecutionSettings settings = new ExecutionSettings(Strategy.CLUSTER, 0, addresses, name,
                    Duration.ofSeconds(10));
            CompletableFuture<RecordingResult> recording = CompletableFuture.supplyAsync(() -> HierarchicalRecorder
                    .builder().minComponentSize(1).execution(settings).build().record(g));
            // mid-run: the victim has recorded units and holds others
            victim.await(l -> keysAfter(victim.lines(), "START ").size() >= 3, Duration.ofSeconds(30));
            // SIGKILL, through the handle: Process.destroyForcibly() would also close the pipe we read
            victim.process().toHandle().destroyForcibly();
            assertThat(victim.awaitExit(Duration.ofSeconds(10))).as("exit code of the killed worker")
                    .isEqualTo(137);
            RecordingResult result = recording.get(45, TimeUnit.SECONDS);

            survivor.process().toHandle().destroy(); // SIGTERM
            survivor.await(l -> l.startsWith("STOPPED"), Duration.ofSeconds(30));
            survivor.awaitExit(Duration.ofSeconds(30));

            List<String> recordedBySurvivor = keysAfter(survivor.lines(), "RECORDED ");
            List<String> recordedByVictim = keysAfter(victim.lines(), "RECORDED ");
            Set<String> startedByVictim = new HashSet<>(keysAfter(victim.lines(), "START "));
            assertThat(recordedBySurvivor).as("no worker records a unit twice").doesNotHaveDuplicates();
            assertThat(recordedByVictim).doesNotHaveDuplicates();
            Set<String> recorded = new HashSet<>(recordedBySurvivor);
            recorded.addAll(recordedByVictim);
            assertThat(recorded).as("every unit was recorded: none lost").isEqualTo(keys);
            Set<String> twice = new HashSet<>(recordedBySurvivor);
            twice.retainAll(recordedByVictim);
            assertThat(startedByVictim).as("units recorded twice were the killed worker's").containsAll(twice);
            assertThat(recordedByVictim).as("the victim recorded units before it died").isNotEmpty();
            assertThat(result.execution().retries()).as("units resubmitted: those the victim held").isPositive();
            assertThat(result.execution().membersLost()).isEqualTo(1);
            assertThat(result.cacheHits() + result.cacheMisses()).isEqualTo(keys.size());

            TraceEvaluator stitched = new TraceEvaluator(result.trace());
            TraceEvaluator direct = new TraceEvaluator(TraceRecorder.record(g));
            SplittableRandom rng = new SplittableRandom(7);
            for (int i = 0; i < 3; i++) {
                double[] theta = {0.5 + rng.nextDouble(), 0.5 + 2 * rng.nextDouble(), 0.5 + 4 * rng.nextDouble()};
                stitched.evaluate(theta);
                direct.evaluate(theta);
                double[] moments = stitched.moments().moments(3);
                assertRelativelyClose(moments, direct.moments().moments(3), 1e-9, "vs direct, theta #" + i);
                assertRelativelyClose(moments, new DenseOracle(g.at(theta)).moments(3, null), 1e-9,
                        "vs dense, theta #" + i);
            }
        }
    }

    /** Started one after the other: workers started at the same instant may each form a cluster of their own. */
    private static ChildJvm startAfter(ChildJvm first, java.util.function.Supplier<ChildJvm> second)
            throws InterruptedException {
        first.await(l -> l.startsWith("READY"), Duration.ofSeconds(30));
        return second.get();
    }

    private static ChildJvm worker(String role, String cluster, String address, String join) {
        return ChildJvm.start(role, WorkerProcessMain.class, cluster, address.substring(address.indexOf(':') + 1),
                join, Long.toString(UNIT_DELAY.toMillis()));
    }

    private static List<String> keysAfter(List<String> lines, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                out.add(line.substring(prefix.length()).trim());
            }
        }
        return out;
    }
}
