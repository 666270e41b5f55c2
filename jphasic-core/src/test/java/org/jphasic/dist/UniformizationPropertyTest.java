package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.MatrixExponential;
import org.jphasic.testing.MatrixExponential.Truth;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Uniformisation and the discrete recursion against dense matrix formulas on seeded random graphs (cyclic
 * components, several components, some with a defect, 2–60 vertices): f(t) = α e^{St} s and
 * F(t) = 1 − α e^{St} 1 from the test-scope Padé exponential at 20 times from 0 to four times the mean, state
 * probabilities α e^{St} and visiting times ∫₀ᵗ α e^{Su} du (block exponential), and the discrete
 * pmf(k) = α T^{k−1} t, cdf(k) = 1 − α T^k 1.
 */
class UniformizationPropertyTest {
    private static final int TIMES = 20;

    static LongStream seeds() {
        return LongStream.range(1, 121);
    }

    /** A third of the graphs: the block exponentials make the state-vector checks the expensive part. */
    static LongStream everyThirdSeed() {
        return seeds().filter(seed -> seed % 3 == 0);
    }

    static LongStream everyFourthSeed() {
        return seeds().filter(seed -> seed % 4 == 0);
    }

    static LongStream discreteSeeds() {
        return LongStream.range(2001, 2061);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void pdfAndCdfMatchMatrixExponential(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(60));
        Graph g = spec.build();
        double mean = Moments.of(g).expectation();
        double horizon = 4 * Math.max(mean, 1e-3);
        double step = horizon / (TIMES - 1);
        double[] times = new double[TIMES];
        for (int i = 0; i < TIMES; i++) {
            times[i] = i * step;
        }
        double[] pdf = new double[TIMES];
        double[] cdf = new double[TIMES];
        Uniformization.of(g).evaluate(times, pdf, cdf);

        DenseOracle oracle = new DenseOracle(g);
        double[][] s = oracle.matrix();
        int p = s.length;
        DMatrixRMaj stepMatrix = new DMatrixRMaj(s);
        CommonOps_DDRM.scale(step, stepMatrix);
        DMatrixRMaj propagator = MatrixExponential.expm(stepMatrix);
        DMatrixRMaj row = new DMatrixRMaj(1, p, true, oracle.alpha());
        DMatrixRMaj next = new DMatrixRMaj(1, p);
        for (int i = 0; i < TIMES; i++) {
            double mass = 0;
            double density = 0;
            for (int a = 0; a < p; a++) {
                double exit = 0;
                for (int b = 0; b < p; b++) {
                    exit -= s[a][b];
                }
                mass += row.get(0, a);
                density += row.get(0, a) * exit;
            }
            String what = spec + " at t = " + times[i];
            assertClose(pdf[i], density, 1e-9, what + " pdf");
            assertClose(cdf[i], 1 - mass, 1e-9, what + " cdf");
            CommonOps_DDRM.mult(row, propagator, next);
            row.setTo(next);
        }
        assertClose(cdf[0], g.defect(), 1e-12, spec + " F(0) = defect");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("everyThirdSeed")
    void stateProbabilitiesAndVisitingTimesMatchMatrixExponential(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(40));
        Graph g = spec.build();
        double mean = Moments.of(g).expectation();
        double[] times = {0, 0.3 * mean, mean, 2.5 * mean};
        double[][] probabilities = new double[times.length][g.vertexCount()];
        double[][] visiting = new double[times.length][g.vertexCount()];
        Uniformization.of(g).evaluateStates(times, probabilities, visiting);
        Truth truth = new Truth(new DenseOracle(g), g.vertexCount());
        for (int i = 0; i < times.length; i++) {
            String what = spec + " at t = " + times[i];
            assertVectorClose(probabilities[i], truth.stateProbabilities(times[i]), 1e-9, what + " P(X_t)");
            assertVectorClose(visiting[i], truth.visitingTimes(times[i]), 1e-9, what + " visiting times");
        }
    }

    /**
     * With positive rewards, Y = ∫ r(X_t) dt is phase-type with sub-intensity Δ(r)⁻¹S: the rewarded
     * distribution through the reward transformation matches α e^{Δ(r)⁻¹S y} at several y.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("everyFourthSeed")
    void rewardedDistributionMatchesRescaledMatrixExponential(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(30));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] rewards = new double[g.vertexCount()];
        for (int v = 0; v < rewards.length; v++) {
            rewards[v] = 0.2 + 3 * rng.nextDouble();
        }
        DenseOracle oracle = new DenseOracle(g);
        double[][] s = oracle.matrix();
        int[] transients = oracle.transientVertices();
        int p = s.length;
        double[][] scaled = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                scaled[a][b] = s[a][b] / rewards[transients[a]];
            }
        }
        double mean = Moments.of(g).expectation(rewards);
        Uniformization y = Uniformization.ofReward(g, rewards);
        double[] alpha = oracle.alpha();
        for (double t : new double[] {0, 0.2 * mean, mean, 3 * mean}) {
            DMatrixRMaj m = new DMatrixRMaj(scaled);
            CommonOps_DDRM.scale(t, m);
            DMatrixRMaj e = MatrixExponential.expm(m);
            double mass = 0;
            double density = 0;
            for (int a = 0; a < p; a++) {
                double row = 0;
                for (int b = 0; b < p; b++) {
                    row += alpha[b] * e.get(b, a);
                }
                double exit = 0;
                for (int b = 0; b < p; b++) {
                    exit -= scaled[a][b];
                }
                mass += row;
                density += row * exit;
            }
            assertClose(y.cdf(t), 1 - mass, 1e-9, spec + " F_Y(" + t + ")");
            assertClose(y.pdf(t), density, 1e-9, spec + " f_Y(" + t + ")");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("discreteSeeds")
    void discretePmfAndCdfMatchMatrixPowers(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(60));
        Graph g = spec.build();
        DenseOracle oracle = new DenseOracle(g);
        double[][] t = oracle.matrix();
        int p = t.length;
        int[] jumps = new int[40];
        for (int k = 0; k < jumps.length; k++) {
            jumps[k] = k;
        }
        double[] pmf = new double[jumps.length];
        double[] cdf = new double[jumps.length];
        DiscreteDistribution.of(g).evaluate(jumps, pmf, cdf);

        double[] exit = new double[p];
        for (int a = 0; a < p; a++) {
            exit[a] = 1;
            for (int b = 0; b < p; b++) {
                exit[a] -= t[a][b];
            }
        }
        double[] row = oracle.alpha(); // α T^k
        assertClose(pmf[0], g.defect(), 1e-12, spec + " pmf(0) = defect");
        for (int k = 1; k < jumps.length; k++) {
            double absorbed = 0;
            for (int a = 0; a < p; a++) {
                absorbed += row[a] * exit[a];
            }
            double[] next = new double[p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    next[b] += row[a] * t[a][b];
                }
            }
            row = next;
            double mass = 0;
            for (double x : row) {
                mass += x;
            }
            assertClose(pmf[k], absorbed, 1e-12, spec + " pmf(" + k + ")");
            assertClose(cdf[k], 1 - mass, 1e-12, spec + " cdf(" + k + ")");
        }
    }

    static void assertClose(double actual, double expected, double tolerance, String what) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new AssertionFailedError(what + ": expected " + expected + " but was " + actual + " (off by "
                    + Math.abs(actual - expected) + " > " + tolerance + ")", expected, actual);
        }
    }

    static void assertVectorClose(double[] actual, double[] expected, double tolerance, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int v = 0; v < actual.length; v++) {
            assertClose(actual[v], expected[v], tolerance, what + "[" + v + "]");
        }
    }
}
