package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.jphasic.graph.Graph;
import org.jphasic.testing.MatrixExponential;
import org.jphasic.testing.NamedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Poisson window against Hipparchus's Poisson probabilities (window errors plus both tails within δ), and
 * uniformisation where e^{−Λt} underflows: a fast two-state cycle with a slow exit at Λt = 10⁵.
 */
class PoissonWindowTest {
    @ParameterizedTest(name = "μ = {0}, δ = {1}")
    @CsvSource({"0.001, 1e-12", "0.5, 1e-12", "7.3, 1e-6", "7.3, 1e-14", "800, 1e-12", "1e5, 1e-12", "1e5, 1e-6"})
    void windowHoldsAllButDeltaOfTheMass(double mean, double delta) {
        PoissonWindow w = PoissonWindow.of(mean, delta);
        PoissonDistribution poisson = new PoissonDistribution(mean);
        double error = 0;
        double inside = 0;
        for (int k = w.left(); k <= w.right(); k++) {
            double p = poisson.probability(k);
            error += Math.abs(w.weight(k) - p);
            inside += p;
        }
        error += Math.max(0, 1 - inside);
        assertThat(error).as("window error + tails").isLessThanOrEqualTo(delta * 1.001 + 1e-13);
        assertThat(w.left()).isLessThanOrEqualTo((int) mean);
        assertThat(w.right()).isGreaterThanOrEqualTo((int) mean);
        double[] q = w.exceedance();
        assertThat(q[q.length - 1]).isZero();
    }

    @Test
    void hugeMeanDoesNotUnderflow() {
        PoissonWindow w = PoissonWindow.of(1e8, 1e-12);
        double sum = 0;
        for (int k = w.left(); k <= w.right(); k++) {
            sum += w.weight(k);
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.right() - w.left()).isLessThan(200_000);
    }

    @Test
    void zeroMeanIsAPointMass() {
        PoissonWindow w = PoissonWindow.of(0, 1e-12);
        assertThat(w.left()).isZero();
        assertThat(w.right()).isZero();
        assertThat(w.weight(0)).isEqualTo(1.0);
    }

    /** Λt beyond any window: the chain has long run out of mass, so F = 1, f = 0 and a(t) = αU, exactly. */
    @Test
    void timesBeyondAnyWindowAreServedByTheMassRunningOut() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 1).edge("A", "B", 2).edge("B", "abs", 0.5)
                .build();
        Uniformization d = Uniformization.of(g);
        double far = 1e12;
        assertThat(d.rate() * far).isGreaterThan(PoissonWindow.MAX_MEAN);
        double[] cdf = d.cdf(new double[] {1, far});
        UniformizationPropertyTest.assertClose(cdf[1], 1, 1e-12, "F(1e12)");
        UniformizationPropertyTest.assertClose(d.pdf(far), 0, 1e-12, "f(1e12)");
        double[] visiting = d.accumulatedVisitingTimes(far);
        UniformizationPropertyTest.assertClose(visiting[1], 0.5, 1e-11, "a_A(∞) = 1/2");
        UniformizationPropertyTest.assertClose(visiting[2], 2, 1e-11, "a_B(∞) = 2");
    }

    /** A↔B at rate 1000, B→abs at 0.01: at t = 100, Λt = 10⁵ and e^{−Λt} is far below the smallest double. */
    @Test
    void stiffChainAtLargeLambdaTMatchesMatrixExponential() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 1).edge("A", "B", 1000).edge("B", "A", 1000)
                .edge("B", "abs", 0.01).build();
        Uniformization d = Uniformization.of(g);
        assertThat(d.rate() * 100).isGreaterThan(1e5);
        for (double t : new double[] {1, 100}) {
            double[][] e = MatrixExponential.expm(new double[][] {{-1000 * t, 1000 * t}, {1000 * t, -1000.01 * t}});
            double survival = e[0][0] + e[0][1];
            double density = e[0][1] * 0.01;
            UniformizationPropertyTest.assertClose(d.cdf(t), 1 - survival, 1e-10, "F(" + t + ")");
            UniformizationPropertyTest.assertClose(d.pdf(t), density, 1e-10, "f(" + t + ")");
        }
    }
}
