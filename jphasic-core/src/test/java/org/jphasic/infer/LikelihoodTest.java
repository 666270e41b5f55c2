package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.MatrixExponential;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log-likelihood against the matrix exponential (f = αe^{St}s, 1e-10) and its gradient three ways — forward
 * mode, reverse mode, central finite differences (1e-6) — on seeded random parameterized graphs; invariance to
 * the uniformisation rate Λ (1e-12); discrete pmf likelihoods against αT^{k−1}t; batches and threads.
 */
class LikelihoodTest {
    static LongStream seeds() {
        return LongStream.range(1, 61);
    }

    private static double[] observations(SplittableRandom rng, double mean, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = mean * (0.05 + 3 * rng.nextDouble());
        }
        return x;
    }

    /** ∂f/∂θ_k by central differences with step 1e-6·max(1, θ_k). */
    static double[] centralDifference(double[] theta, ToDoubleFunction<double[]> f) {
        double[] numeric = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-6 * Math.max(1, theta[k]);
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            numeric[k] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
        }
        return numeric;
    }

    /** Σ log(α e^{St} s) by the dense matrix exponential. */
    static double denseLogLikelihood(Graph g, double[] times) {
        DenseOracle o = new DenseOracle(g);
        int p = o.transientCount();
        double[][] s = o.matrix();
        DMatrixRMaj alpha = new DMatrixRMaj(1, p, true, o.alpha());
        DMatrixRMaj exit = new DMatrixRMaj(p, 1);
        for (int i = 0; i < p; i++) {
            double row = 0;
            for (int j = 0; j < p; j++) {
                row += s[i][j];
            }
            exit.set(i, 0, -row);
        }
        double sum = 0;
        for (double t : times) {
            DMatrixRMaj st = new DMatrixRMaj(s);
            CommonOps_DDRM.scale(t, st);
            DMatrixRMaj e = MatrixExponential.expm(st);
            DMatrixRMaj tmp = new DMatrixRMaj(1, p);
            CommonOps_DDRM.mult(alpha, e, tmp);
            DMatrixRMaj f = new DMatrixRMaj(1, 1);
            CommonOps_DDRM.mult(tmp, exit, f);
            sum += Math.log(f.get(0, 0));
        }
        return sum;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void valueMatchesMatrixExponentialAndGradientsAgreeThreeWays(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 1 + rng.nextInt(4);
        Spec spec = RandomGraphs.random(seed + 100, new Options(2, 20, d, false, false, 0.8));
        Graph g = spec.build();
        double[] theta = spec.randomTheta(rng);
        double mean = org.jphasic.moments.Moments.of(g.at(theta)).expectation();
        double[] times = observations(rng, mean, 15);
        double[] forward = new double[d];
        double[] reverse = new double[d];
        double value = PhaseTypeLikelihood.of(g, times).mode(PhaseTypeLikelihood.Mode.FORWARD)
                .logLikelihood(theta, forward);
        double valueReverse = PhaseTypeLikelihood.of(g, times).mode(PhaseTypeLikelihood.Mode.REVERSE)
                .logLikelihood(theta, reverse);
        double dense = denseLogLikelihood(g.at(theta), times);
        assertThat(Math.abs(value - dense)).as(spec + " value vs expm").isLessThan(1e-10 * Math.max(1, Math.abs(dense)));
        assertRelativelyClose(valueReverse, value, 1e-13, spec + " reverse value");
        assertRelativelyClose(reverse, forward, 1e-9, spec + " reverse vs forward");
        double[] numeric = centralDifference(theta, x -> denseLogLikelihood(g.at(x), times));
        assertRelativelyClose(forward, numeric, 1e-6, spec + " forward vs finite differences");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resultDoesNotDependOnTheUniformizationRate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 3);
        Spec spec = RandomGraphs.random(seed + 200, Options.parameterized(25, 2));
        Graph g = spec.build();
        double[] theta = spec.randomTheta(rng);
        double[] times = observations(rng, org.jphasic.moments.Moments.of(g.at(theta)).expectation(), 50);
        for (PhaseTypeLikelihood.Mode mode : new PhaseTypeLikelihood.Mode[] {PhaseTypeLikelihood.Mode.FORWARD,
            PhaseTypeLikelihood.Mode.REVERSE}) {
            double[] tight = new double[2];
            double[] loose = new double[2];
            double a = PhaseTypeLikelihood.of(g, times).mode(mode).uniformizationFactor(1.0001)
                    .logLikelihood(theta, tight);
            double b = PhaseTypeLikelihood.of(g, times).mode(mode).uniformizationFactor(2).logLikelihood(theta, loose);
            assertRelativelyClose(b, a, 1e-12, spec + " log-likelihood, " + mode);
            // the gradient is a sum over observations of ∂log f_i/∂θ whose terms can cancel: 1e-12 relative to
            // the sum of the terms' magnitudes (each term computed alone)
            double[] scale = new double[2];
            for (double t : times) {
                double[] term = new double[2];
                PhaseTypeLikelihood.of(g, new double[] {t}).mode(mode).logLikelihood(theta, term);
                for (int k = 0; k < 2; k++) {
                    scale[k] += Math.abs(term[k]);
                }
            }
            for (int k = 0; k < 2; k++) {
                assertThat(Math.abs(loose[k] - tight[k])).as("%s gradient[%d], %s: %s vs %s (terms sum to %s)", spec,
                        k, mode, loose[k], tight[k], scale[k]).isLessThanOrEqualTo(1e-12 * scale[k]);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discretePmfLikelihoodAndGradient(long seed) {
        // a discrete graph whose probabilities all scale with θ ∈ (0.5, 1]
        Spec spec = RandomGraphs.random(seed + 300, new Options(2, 15, 0, true, false, 0.8));
        Graph g = spec.buildScaledByOneParameter();
        double theta = 0.6 + 0.4 * new SplittableRandom(seed).nextDouble();
        DenseOracle o = new DenseOracle(g.at(new double[] {theta}));
        // jump counts the chain can produce
        double[] jumps = java.util.stream.IntStream.rangeClosed(1, 12).filter(k -> densePmf(o, k) > 1e-9)
                .limit(5).asDoubleStream().toArray();
        assertThat(jumps).isNotEmpty();
        double[] forward = new double[1];
        double[] reverse = new double[1];
        double value = PhaseTypeLikelihood.of(g, jumps).mode(PhaseTypeLikelihood.Mode.FORWARD)
                .logLikelihood(new double[] {theta}, forward);
        PhaseTypeLikelihood.of(g, jumps).mode(PhaseTypeLikelihood.Mode.REVERSE)
                .logLikelihood(new double[] {theta}, reverse);
        double expected = 0;
        for (double k : jumps) {
            expected += Math.log(densePmf(o, (int) k));
        }
        assertRelativelyClose(value, expected, 1e-12, spec + " pmf likelihood");
        assertRelativelyClose(reverse[0], forward[0], 1e-9, spec + " reverse vs forward");
        double h = 1e-6;
        double plus = 0;
        double minus = 0;
        DenseOracle op = new DenseOracle(g.at(new double[] {theta + h}));
        DenseOracle om = new DenseOracle(g.at(new double[] {theta - h}));
        for (double k : jumps) {
            plus += Math.log(densePmf(op, (int) k));
            minus += Math.log(densePmf(om, (int) k));
        }
        assertRelativelyClose(forward[0], (plus - minus) / (2 * h), 1e-6, spec + " finite differences");
    }

    /** α T^{k−1} t. */
    static double densePmf(DenseOracle o, int k) {
        double[][] t = o.matrix();
        int p = t.length;
        double[] v = o.alpha();
        for (int step = 1; step < k; step++) {
            double[] next = new double[p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    next[j] += v[i] * t[i][j];
                }
            }
            v = next;
        }
        double f = 0;
        for (int i = 0; i < p; i++) {
            double row = 0;
            for (int j = 0; j < p; j++) {
                row += t[i][j];
            }
            f += v[i] * (1 - row);
        }
        return f;
    }

    @Test
    void batchesAndThreadsGiveTheSameBitsAsOneParticleWithTheSameRate() {
        Spec spec = RandomGraphs.random(5, Options.parameterized(30, 2));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(1);
        double[][] thetas = new double[40][];
        for (int j = 0; j < thetas.length; j++) {
            thetas[j] = spec.randomTheta(rng);
        }
        double[] times = observations(rng, 1, 30);
        double[] serial = new double[40];
        double[][] serialGradient = new double[40][2];
        PhaseTypeLikelihood.of(g, times).evaluate(thetas, serial, serialGradient);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            double[] parallel = new double[40];
            double[][] parallelGradient = new double[40][2];
            PhaseTypeLikelihood.of(g, times).executor(pool).evaluate(thetas, parallel, parallelGradient);
            assertThat(parallel).isEqualTo(serial);
            assertThat(parallelGradient).isDeepEqualTo(serialGradient);
        } finally {
            pool.shutdownNow();
        }
    }

    /** AUTO is forward mode up to two parameters and reverse mode from three: the same bits as the named mode. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void autoModeChoosesForwardForFewParametersAndReverseForMany(int d) {
        Spec spec = RandomGraphs.random(40 + d, Options.parameterized(12, d));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(d);
        double[] times = observations(rng, 1, 25);
        PhaseTypeLikelihood.Mode expected = d <= 2 ? PhaseTypeLikelihood.Mode.FORWARD
                : PhaseTypeLikelihood.Mode.REVERSE;
        PhaseTypeLikelihood.Mode unexpected = d <= 2 ? PhaseTypeLikelihood.Mode.REVERSE
                : PhaseTypeLikelihood.Mode.FORWARD;
        int distinguished = 0;
        for (int trial = 0; trial < 5; trial++) {
            double[] theta = spec.randomTheta(rng);
            double[] auto = new double[d];
            double[] named = new double[d];
            double[] other = new double[d];
            double valueAuto = PhaseTypeLikelihood.of(g, times).logLikelihood(theta, auto);
            double valueNamed = PhaseTypeLikelihood.of(g, times).mode(expected).logLikelihood(theta, named);
            PhaseTypeLikelihood.of(g, times).mode(unexpected).logLikelihood(theta, other);
            assertThat(valueAuto).isEqualTo(valueNamed);
            assertThat(auto).isEqualTo(named);
            assertRelativelyClose(other, named, 1e-9, spec + " forward vs reverse");
            if (!Arrays.equals(other, named)) {
                distinguished++;
            }
        }
        // the other mode agrees to rounding, but not bit for bit, so the comparisons above can tell them apart
        assertThat(distinguished).as("θ where the two modes differ in the last bits").isPositive();
    }

    /**
     * Many observations of a small graph: the blocks of observations, not the particles, are spread over the pool
     * (also for a single particle), and the bits do not change.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void observationBlocksOnAPoolGiveTheSameBits(int batch) {
        Spec spec = RandomGraphs.random(11, Options.parameterized(4, 1));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(2);
        double[][] thetas = new double[batch][];
        for (int j = 0; j < batch; j++) {
            thetas[j] = spec.randomTheta(rng);
        }
        double[] times = observations(rng, 1, 3000);
        double[] serial = new double[batch];
        double[][] serialGradient = new double[batch][1];
        PhaseTypeLikelihood.of(g, times).evaluate(thetas, serial, serialGradient);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double[] parallel = new double[batch];
            double[][] parallelGradient = new double[batch][1];
            PhaseTypeLikelihood.of(g, times).executor(pool, 2).evaluate(thetas, parallel, parallelGradient);
            assertThat(parallel).isEqualTo(serial);
            assertThat(parallelGradient).isDeepEqualTo(serialGradient);
            for (double v : serial) {
                assertThat(v).isFinite();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Densities far in the tails (down to e^{-60000}, well below what a double holds) keep full relative accuracy:
     * Exp(θ) and Erlang-3(θ) against their closed forms log f and ∂ log f/∂θ, in both gradient modes.
     */
    @Test
    void farTailDensitiesKeepRelativeAccuracy() {
        Graph exp = InferenceAcceptanceTest.erlang(1);
        Graph erlang3 = InferenceAcceptanceTest.erlang(3);
        for (double theta : new double[] {0.01, 1, 243, 5000}) {
            for (double t : new double[] {0.001, 1.2, 12}) {
                for (PhaseTypeLikelihood.Mode mode : new PhaseTypeLikelihood.Mode[] {PhaseTypeLikelihood.Mode.FORWARD,
                    PhaseTypeLikelihood.Mode.REVERSE}) {
                    double[] g = new double[1];
                    double v = PhaseTypeLikelihood.of(exp, new double[] {t}).mode(mode)
                            .logLikelihood(new double[] {theta}, g);
                    String what = "Exp(" + theta + ") at " + t + ", " + mode;
                    assertRelativelyClose(v, Math.log(theta) - theta * t, 1e-12, what);
                    assertRelativelyClose(g[0], 1 / theta - t, 1e-9, what + " gradient");
                    double v3 = PhaseTypeLikelihood.of(erlang3, new double[] {t}).mode(mode)
                            .logLikelihood(new double[] {theta}, g);
                    what = "Erlang-3(" + theta + ") at " + t + ", " + mode;
                    assertRelativelyClose(v3, 3 * Math.log(theta) + 2 * Math.log(t) - theta * t - Math.log(2), 1e-12,
                            what);
                    assertRelativelyClose(g[0], 3 / theta - t, 1e-9, what + " gradient");
                }
            }
        }
    }

    @Test
    void negativeRateIsAClearError() {
        Spec spec = RandomGraphs.random(8, Options.parameterized(10, 2));
        Graph g = spec.build();
        assertThatThrownBy(() -> PhaseTypeLikelihood.of(g, new double[] {1}).logLikelihood(new double[] {-1, -1},
                new double[2])).isInstanceOf(ParameterException.class).hasMessageContaining("< 0");
        assertThatThrownBy(() -> PhaseTypeLikelihood.of(g, new double[] {-1}))
                .isInstanceOf(ParameterException.class).hasMessageContaining("observation 0");
    }
}
