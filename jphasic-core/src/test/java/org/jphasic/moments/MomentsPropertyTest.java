package org.jphasic.moments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Elimination against the dense matrix formulas on seeded random graphs: cyclic, several components, some with
 * a defect, 2–60 vertices.
 */
class MomentsPropertyTest {
    static LongStream seeds() {
        return LongStream.range(1, 241);
    }

    static LongStream discreteSeeds() {
        return LongStream.range(1001, 1101);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void momentsVarianceAndCovarianceMatchDenseMatrixFormulas(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(60));
        Graph g = spec.build();
        DenseOracle oracle = new DenseOracle(g);
        Moments m = Moments.of(g);
        String what = spec.toString();

        assertRelativelyClose(m.moments(4), oracle.moments(4, null), 1e-9, what + " moments");
        double[] dense2 = oracle.moments(2, null);
        assertRelativelyClose(m.variance(), dense2[1] - dense2[0] * dense2[0], 1e-9, what + " variance");

        SplittableRandom rng = new SplittableRandom(seed);
        double[] r1 = new double[g.vertexCount()];
        double[] r2 = new double[g.vertexCount()];
        for (int v = 0; v < r1.length; v++) {
            r1[v] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble() * 3;
            r2[v] = rng.nextDouble() * 2;
        }
        assertRelativelyClose(m.moments(3, r1), oracle.moments(3, r1), 1e-9, what + " rewarded moments");
        assertRelativelyClose(m.covariance(r1, r2), oracle.covariance(r1, r2), 1e-9, what + " covariance");
        assertRelativelyClose(m.residenceTimes(), oracle.residenceTimes(), 1e-9, what + " residence times");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void momentsDoNotDependOnVertexInsertionOrder(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(40));
        double[] reference = Moments.of(spec.build()).moments(3);
        int[] order = RandomGraphs.shuffledIds(spec.idCount(), new SplittableRandom(seed * 31 + 7));
        double[] shuffled = Moments.of(spec.build(order)).moments(3);
        assertRelativelyClose(shuffled, reference, 1e-9, spec + " shuffled");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("discreteSeeds")
    void discreteMomentsMatchDenseMatrixFormulas(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(40));
        Graph g = spec.build();
        assertThat(g.isDiscrete()).isTrue();
        DenseOracle oracle = new DenseOracle(g);
        Moments m = Moments.of(g);
        String what = spec.toString();

        assertRelativelyClose(m.moments(4), oracle.discreteRawMoments(4), 1e-9, what + " raw moments");
        assertRelativelyClose(m.risingFactorialMoments(3), oracle.uMoments(3, null), 1e-9, what + " rising");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r1 = new double[g.vertexCount()];
        double[] r2 = new double[g.vertexCount()];
        for (int v = 0; v < r1.length; v++) {
            r1[v] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble() * 3;
            r2[v] = rng.nextDouble() * 2;
        }
        assertRelativelyClose(m.moments(2, r1), oracle.discreteRewardMoments(r1), 1e-9, what + " rewarded");
        assertRelativelyClose(m.covariance(r1, r2), oracle.covariance(r1, r2), 1e-9, what + " covariance");
        assertRelativelyClose(m.residenceTimes(), oracle.residenceTimes(), 1e-9, what + " visits");
    }
}
