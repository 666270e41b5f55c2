package org.jphasic.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jphasic.cache.MemoryTraceStore;
import org.jphasic.cache.TraceKind;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.model.IsolationWithMigration;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEncoding;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stitched trace of a hierarchical recording must evaluate, at every θ, to the moments of the directly
 * recorded trace and of the dense matrix formula (1e-9 relative): 210 seeded random multi-component
 * parameterized graphs × minimum component size {1, 3, 50} × strategy {sequential, threads}.
 */
class HierarchicalEquivalenceTest {
    static Stream<Arguments> cases() {
        return LongStream.range(1, 211).boxed().flatMap(seed -> Stream.of(1, 3, 50).flatMap(min -> Stream.of(
                Arguments.of(seed, min, Strategy.SEQUENTIAL), Arguments.of(seed, min, Strategy.THREADS))));
    }

    /**
     * With threads the units are also stitched in parallel, each into ranges fixed beforehand: the trace is the
     * sequential one byte for byte.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("bitCases")
    void threadsGiveTheSequentialTraceBitForBit(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(80, 2));
        Graph g = spec.build();
        for (int minSize : new int[] {1, 3}) {
            Trace sequential = HierarchicalRecorder.builder().minComponentSize(minSize).strategy(Strategy.SEQUENTIAL)
                    .build().record(g).trace();
            Trace threads = HierarchicalRecorder.builder().minComponentSize(minSize).strategy(Strategy.THREADS)
                    .build().record(g).trace();
            assertThat(TraceEncoding.encode(threads)).as(spec + " min " + minSize)
                    .isEqualTo(TraceEncoding.encode(sequential));
        }
    }

    /**
     * The isolation-with-migration model repeats rate expressions across components (its states are symmetric in
     * many ways), so its units record many of the same operations: stitching computes each once, giving the direct
     * trace's operation count, well below the units' total, and the same moments.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Strategy.class, names = {"SEQUENTIAL", "THREADS"})
    void operationsRepeatedAcrossUnitsAreComputedOnce(Strategy strategy) {
        Graph g = IsolationWithMigration.paper(3, 3).twoPopulationParameterized();
        long unitOperations = 0;
        for (WorkUnit u : UnitPlanner.plan(g, 10)) {
            Trace t = TraceRecorder.record(u);
            unitOperations += t.size() - t.constantCount();
        }
        Trace stitched = HierarchicalRecorder.builder().minComponentSize(10).strategy(strategy).build().record(g)
                .trace();
        Trace direct = TraceRecorder.record(g);
        assertThat(stitched.size()).isEqualTo(direct.size());
        assertThat((double) stitched.size()).isLessThan(0.8 * unitOperations);
        double[] theta = {1.0, 0.7, 0.3, 0.2};
        TraceEvaluator ev = new TraceEvaluator(stitched);
        ev.evaluate(theta);
        assertRelativelyClose(ev.moments().moments(2), new DenseOracle(g.at(theta)).moments(2, null), 1e-9,
                "IM 3+3 moments");
    }

    /**
     * Units served from the cache are stitched by the planning thread as it finds them, those recorded by the
     * threads that record them, in whatever order they finish: with every other unit already cached (and, for
     * the isolation-with-migration model, many identical units), the trace must still be the sequential one byte
     * for byte.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("bitCases")
    void aPartlyWarmCacheGivesTheSequentialTraceBitForBit(long seed) {
        Graph g = seed == 300 ? IsolationWithMigration.paper(3, 3).twoPopulationParameterized()
                : RandomGraphs.random(seed, Options.parameterized(80, 2)).build();
        int minSize = seed == 300 ? 10 : 1 + (int) (seed % 3);
        MemoryTraceStore store = MemoryTraceStore.create(64 << 20);
        java.util.Set<String> cached = new java.util.HashSet<>();
        List<WorkUnit> units = UnitPlanner.plan(g, minSize);
        for (int i = 0; i < units.size(); i += 2) {
            WorkUnit u = units.get(i);
            store.put(TraceKind.UNIT, u.key(), TraceRecorder.record(u), 0);
            cached.add(u.key());
        }
        Trace sequential = HierarchicalRecorder.builder().minComponentSize(minSize).strategy(Strategy.SEQUENTIAL)
                .build().record(g).trace();
        RecordingResult threads = HierarchicalRecorder.builder().minComponentSize(minSize)
                .strategy(Strategy.THREADS).store(store).build().record(g);
        assertThat(threads.cacheHits()).isEqualTo(cached.size());
        assertThat(TraceEncoding.encode(threads.trace())).as("seed " + seed)
                .isEqualTo(TraceEncoding.encode(sequential));
    }

    static LongStream bitCases() {
        return LongStream.range(300, 330);
    }

    @ParameterizedTest(name = "seed {0}, min size {1}, {2}")
    @MethodSource("cases")
    void stitchedTraceEqualsDirectTraceAndDenseFormula(long seed, int minSize, Strategy strategy) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003 + minSize);
        Spec spec = RandomGraphs.random(seed, Options.parameterized(50, 1 + (int) (seed % 3)));
        Graph g = spec.build();
        RecordingResult result = HierarchicalRecorder.builder().minComponentSize(minSize).strategy(strategy)
                .build().record(g);
        Trace stitched = result.trace();
        assertThat(result.units()).isGreaterThanOrEqualTo(1);
        if (minSize == 1) {
            assertThat(result.units()).isEqualTo(g.components().count());
        }
        Trace directTrace = TraceRecorder.record(g);
        // units eliminate their components as the whole graph does, and stitching shares what units repeat
        assertThat(stitched.size()).as(spec + " min " + minSize + ": operations").isEqualTo(directTrace.size());
        assertThat(stitched.commandCount()).as(spec + " min " + minSize + ": commands")
                .isEqualTo(directTrace.commandCount());
        TraceEvaluator hierarchical = new TraceEvaluator(stitched);
        TraceEvaluator direct = new TraceEvaluator(directTrace);
        for (int i = 0; i < 3; i++) {
            double[] theta = spec.randomTheta(rng);
            hierarchical.evaluate(theta);
            direct.evaluate(theta);
            String what = spec + " min " + minSize + " " + strategy + " theta #" + i;
            double[] fromStitched = hierarchical.moments().moments(3);
            assertRelativelyClose(fromStitched, direct.moments().moments(3), 1e-9, what + " vs direct");
            assertRelativelyClose(fromStitched, new DenseOracle(g.at(theta)).moments(3, null), 1e-9,
                    what + " vs dense");
            assertRelativelyClose(hierarchical.moments().residenceTimes(), direct.moments().residenceTimes(), 1e-9,
                    what + " residence times");
            assertThat(hierarchical.edgeWeights()).isEqualTo(direct.edgeWeights());
        }
    }
}
