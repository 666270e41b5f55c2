package org.jphasic.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three worker members in this JVM and a coordinator: the stitched trace recorded on the cluster evaluates to
 * the moments of the directly recorded trace and of the dense formula (1e-9 relative); every member takes part;
 * a second recording is served from the cluster map.
 */
class ClusterRecordingTest {
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<Arguments> cases() {
        return LongStream.range(1, 13).boxed().flatMap(seed -> Stream.of(Arguments.of(seed, 1),
                Arguments.of(seed, 3)));
    }

    @ParameterizedTest(name = "seed {0}, min size {1}")
    @MethodSource("cases")
    void stitchedTraceEqualsDirectTraceAndDenseFormula(long seed, int minSize) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + minSize);
        Spec spec = RandomGraphs.random(1000 + seed, Options.parameterized(80, 1 + (int) (seed % 3)));
        Graph g = spec.build();
        RecordingResult result = HierarchicalRecorder.builder().minComponentSize(minSize)
                .execution(cluster.settings()).build().record(g);
        assertThat(result.strategy()).isEqualTo("cluster(3 members)");
        assertThat(result.cacheHits() + result.cacheMisses()).isEqualTo(result.distinctUnits());
        assertThat(result.execution().unitsRecorded()).isEqualTo(result.cacheMisses());
        TraceEvaluator stitched = new TraceEvaluator(result.trace());
        TraceEvaluator direct = new TraceEvaluator(TraceRecorder.record(g));
        for (int i = 0; i < 3; i++) {
            double[] theta = spec.randomTheta(rng);
            stitched.evaluate(theta);
            direct.evaluate(theta);
            String what = spec + " min " + minSize + " theta #" + i;
            double[] moments = stitched.moments().moments(3);
            assertRelativelyClose(moments, direct.moments().moments(3), 1e-9, what + " vs direct");
            assertRelativelyClose(moments, new DenseOracle(g.at(theta)).moments(3, null), 1e-9, what + " vs dense");
            assertRelativelyClose(stitched.moments().residenceTimes(), direct.moments().residenceTimes(), 1e-9,
                    what + " residence times");
        }
    }

    @Test
    void everyMemberRecordsUnitsAndASecondRecordingIsServedFromTheClusterMap() {
        Graph g = Rabbits.parameterized(24);
        int distinct = (int) UnitPlanner.plan(g, 1).stream().map(u -> u.key()).distinct().count();
        HierarchicalRecorder recorder = HierarchicalRecorder.builder().minComponentSize(1)
                .execution(cluster.settings()).build();
        RecordingResult first = recorder.record(g);
        assertThat(first.distinctUnits()).isEqualTo(distinct);
        assertThat(first.cacheMisses()).isEqualTo(distinct);
        assertThat(first.execution().unitsByMember()).containsOnlyKeys(cluster.addresses);
        assertThat(first.execution().unitsByMember().values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(first.execution().retries()).isZero();

        RecordingResult second = recorder.record(g);
        assertThat(second.cacheMisses()).isZero();
        assertThat(second.cacheHits()).isEqualTo(distinct);
        assertThat(second.execution().sharedCacheHits()).isEqualTo(distinct);
        assertThat(second.execution().unitsByMember()).isEmpty();
        assertThat(second.trace()).isEqualTo(first.trace());
        TraceEvaluator ev = new TraceEvaluator(second.trace());
        double[] theta = {1, 2, 4};
        ev.evaluate(theta);
        assertRelativelyClose(ev.moments().expectation(),
                new DenseOracle(g.at(theta)).moments(1, null)[0], 1e-9, "E[T] of the map-served trace");
    }
}
