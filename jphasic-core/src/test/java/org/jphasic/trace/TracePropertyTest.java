package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trace recorded once must give, at every θ, the moments of direct elimination of {@code graph.at(θ)} and of
 * the dense matrix formula (1e-9 relative), on seeded random parameterized graphs: cyclic, several components,
 * some defective, 2–60 vertices, 1–4 parameters, 5 random θ each.
 */
class TracePropertyTest {
    static LongStream seeds() {
        return LongStream.range(1, 221);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void traceMomentsEqualDirectEliminationAndDenseFormula(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Spec spec = RandomGraphs.random(seed, Options.parameterized(60, 1 + rng.nextInt(4)));
        Graph g = spec.build();
        Trace trace = TraceRecorder.record(g);
        TraceEvaluator ev = new TraceEvaluator(trace);
        for (int i = 0; i < 5; i++) {
            double[] theta = spec.randomTheta(rng);
            Graph concrete = g.at(theta);
            ev.evaluate(theta);
            String what = spec + " theta #" + i;
            double[] fromTrace = ev.moments().moments(4);
            assertRelativelyClose(fromTrace, Moments.of(concrete).moments(4), 1e-9, what + " vs direct");
            assertRelativelyClose(fromTrace, new DenseOracle(concrete).moments(4, null), 1e-9, what + " vs dense");
            double[] r = new double[g.vertexCount()];
            for (int v = 0; v < r.length; v++) {
                r[v] = rng.nextDouble() * 2;
            }
            assertRelativelyClose(ev.moments().covariance(r, Moments.of(concrete).expectedWaitingTimes()),
                    new DenseOracle(concrete).covariance(r, Moments.of(concrete).expectedWaitingTimes()), 1e-9,
                    what + " covariance");
            double[] weights = ev.edgeWeights();
            for (int e = 0; e < weights.length; e++) {
                assertThat(weights[e]).isEqualTo(concrete.edgeWeight(e));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void batchEvaluationEqualsSingleEvaluationBitForBit(long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 77);
        Spec spec = RandomGraphs.random(seed, Options.parameterized(40, 1 + rng.nextInt(3)));
        Trace trace = TraceRecorder.record(spec.build());
        // small batches, and (every fourth seed) a full batch of 70 spanning three replay tiles of 32
        int capacity = seed % 4 == 0 ? 70 : 16;
        int batchSize = seed % 4 == 0 ? 70 : 1 + rng.nextInt(9);
        double[][] thetas = new double[batchSize][];
        for (int j = 0; j < batchSize; j++) {
            thetas[j] = spec.randomTheta(rng);
        }
        TraceBatch batch = new TraceBatch(trace, capacity);
        batch.evaluate(thetas);
        double[] means = batch.expectations(null);
        TraceEvaluator ev = new TraceEvaluator(trace);
        for (int j = 0; j < batchSize; j++) {
            ev.evaluate(thetas[j]);
            double[] single = ev.values();
            for (int s = 0; s < single.length; s++) {
                assertThat(batch.value(s, j)).as("slot %d entry %d", s, j).isEqualTo(single[s]);
            }
            assertThat(means[j]).isEqualTo(ev.moments().expectation());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteTraceMatchesDirectElimination(long seed) {
        // a constant discrete graph recorded as a (parameter-free) trace
        Spec spec = RandomGraphs.random(seed + 9000, Options.discrete(30));
        Graph g = spec.build();
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(g));
        ev.evaluate(new double[0]);
        assertThat(ev.moments().isDiscrete()).isTrue();
        assertRelativelyClose(ev.moments().moments(3), Moments.of(g).moments(3), 1e-9, spec.toString());
    }
}
