package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.moments.Moments;
import org.jphasic.reward.RewardTransform;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The likelihood of accumulated rewards: against closed forms, and on seeded random graphs against the dense
 * matrix formulas applied to the numerically transformed graph at θ ({@link RewardTransform}, an independent
 * implementation), with forward, reverse and finite-difference gradients — zero rewards included, so the
 * transformed weights and initial probabilities are rational in θ.
 */
class RewardedLikelihoodTest {
    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** Rewards in {0, 0.5, 1, 2.5}, about a third zero; the start's first target gets a positive one. */
    private static double[] rewards(Graph g, SplittableRandom rng) {
        double[] choices = {0, 0.5, 1, 2.5};
        double[] r = new double[g.vertexCount()];
        for (int v = 1; v < r.length; v++) {
            r[v] = rng.nextDouble() < 0.35 ? 0 : choices[1 + rng.nextInt(3)];
        }
        r[g.edgeTarget(g.edgeStart(Graph.START))] = 1;
        return r;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void continuousRewardsMatchTheDenseFormulaOnTheTransformedGraph(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 1 + rng.nextInt(3);
        Spec spec = RandomGraphs.random(seed + 500, new Options(3, 18, d, false, false, 0.7));
        Graph g = spec.build();
        double[] r = rewards(g, rng);
        double[] theta = spec.randomTheta(rng);
        Graph transformed = RewardTransform.transform(g.at(theta), r).graph();
        double mean = Moments.of(transformed).expectation();
        double[] totals = new double[12];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = mean * (0.05 + 3 * rng.nextDouble());
        }
        String what = spec + " rewards " + Arrays.toString(r);
        double[] forward = new double[d];
        double[] reverse = new double[d];
        double value = PhaseTypeLikelihood.ofRewards(g, r, totals).mode(PhaseTypeLikelihood.Mode.FORWARD)
                .logLikelihood(theta, forward);
        double valueReverse = PhaseTypeLikelihood.ofRewards(g, r, totals).mode(PhaseTypeLikelihood.Mode.REVERSE)
                .logLikelihood(theta, reverse);
        double dense = LikelihoodTest.denseLogLikelihood(transformed, totals);
        assertThat(Math.abs(value - dense)).as(what + " value vs expm")
                .isLessThan(1e-10 * Math.max(1, Math.abs(dense)));
        assertRelativelyClose(valueReverse, value, 1e-13, what + " reverse value");
        assertRelativelyClose(reverse, forward, 1e-9, what + " reverse vs forward");
        double[] numeric = LikelihoodTest.centralDifference(theta,
                x -> LikelihoodTest.denseLogLikelihood(RewardTransform.transform(g.at(x), r).graph(), totals));
        assertRelativelyClose(forward, numeric, 1e-6, what + " forward vs finite differences");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteRewardsMatchTheDensePmfOnTheTransformedGraph(long seed) {
        // a discrete graph whose probabilities scale with θ ∈ (0.5, 1], integer rewards in {0, 1, 2, 3}
        Spec spec = RandomGraphs.random(seed + 700, new Options(3, 14, 0, true, false, 0.7));
        Graph g = spec.buildScaledByOneParameter();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[g.vertexCount()];
        for (int v = 1; v < r.length; v++) {
            r[v] = rng.nextInt(4);
        }
        r[g.edgeTarget(g.edgeStart(Graph.START))] = 2;
        double theta = 0.6 + 0.4 * rng.nextDouble();
        DenseOracle o = new DenseOracle(RewardTransform.transform(g.at(new double[] {theta}), r).graph());
        // totals the chain can produce, 0 (through zero-reward vertices into absorption) included when possible
        double[] totals = IntStream.rangeClosed(0, 14).filter(k -> pmf(o, k) > 1e-9).limit(6).asDoubleStream()
                .toArray();
        assertThat(totals).isNotEmpty();
        String what = spec + " rewards " + Arrays.toString(r) + " totals " + Arrays.toString(totals);
        double[] forward = new double[1];
        double[] reverse = new double[1];
        double value = PhaseTypeLikelihood.ofRewards(g, r, totals).mode(PhaseTypeLikelihood.Mode.FORWARD)
                .logLikelihood(new double[] {theta}, forward);
        PhaseTypeLikelihood.ofRewards(g, r, totals).mode(PhaseTypeLikelihood.Mode.REVERSE)
                .logLikelihood(new double[] {theta}, reverse);
        assertRelativelyClose(value, logPmf(g, r, theta, totals), 1e-12, what + " pmf likelihood");
        assertRelativelyClose(reverse[0], forward[0], 1e-9, what + " reverse vs forward");
        double h = 1e-6;
        double numeric = (logPmf(g, r, theta + h, totals) - logPmf(g, r, theta - h, totals)) / (2 * h);
        assertRelativelyClose(forward[0], numeric, 1e-6, what + " finite differences");
    }

    private static double logPmf(Graph g, double[] r, double theta, double[] totals) {
        DenseOracle o = new DenseOracle(RewardTransform.transform(g.at(new double[] {theta}), r).graph());
        double sum = 0;
        for (double k : totals) {
            sum += Math.log(pmf(o, (int) k));
        }
        return sum;
    }

    /** P(Y = k): the defect 1 − Σα for k = 0, else αT^{k−1}t. */
    private static double pmf(DenseOracle o, int k) {
        if (k > 0) {
            return LikelihoodTest.densePmf(o, k);
        }
        double mass = 0;
        for (double a : o.alpha()) {
            mass += a;
        }
        return 1 - mass;
    }

    /** A builder with vertices 1..count−1 (states {1}, {2}, …) after the start. */
    private static GraphBuilder builder(int parameters, int count, boolean discrete) {
        GraphBuilder b = new GraphBuilder(1, parameters);
        if (discrete) {
            b.discrete();
        }
        for (int v = 1; v < count; v++) {
            b.addVertex(new int[] {v});
        }
        return b;
    }

    @Test
    void positiveRewardScalesTime() {
        // start → A (rate θ) → absorbed, reward 2 at A: Y = 2X ~ Exp(θ/2)
        Graph g = builder(1, 3, false).addEdge(0, 1, 1.0).addParameterizedEdge(1, 2, 1.0).build();
        double[] y = {0.3, 1.1, 2.5, 0.05};
        double theta = 1.7;
        double[] gradient = new double[1];
        double value = PhaseTypeLikelihood.ofRewards(g, new double[] {0, 2, 0}, y)
                .logLikelihood(new double[] {theta}, gradient);
        double sum = Arrays.stream(y).sum();
        assertRelativelyClose(value, y.length * Math.log(theta / 2) - theta / 2 * sum, 1e-13, "log-likelihood");
        assertRelativelyClose(gradient[0], y.length / theta - sum / 2, 1e-12, "gradient");
    }

    @Test
    void zeroRewardVertexMakesTheInitialProbabilitiesDependOnTheta() {
        // start → A (reward 0); A → B at rate θ₁, A → absorbed at rate θ₂; B (reward 1) → absorbed at rate 1.
        // Y > 0 only through B: f(y) = θ₁/(θ₁ + θ₂)·e^{−y}
        Graph g = builder(2, 4, false).addEdge(0, 1, 1.0).addParameterizedEdge(1, 2, 1, 0)
                .addParameterizedEdge(1, 3, 0, 1).addEdge(2, 3, 1.0).build();
        double[] r = {0, 0, 1, 0};
        double[] y = {0.2, 0.9, 3.0};
        double[] theta = {1.5, 0.4};
        double sum = Arrays.stream(y).sum();
        double n = y.length;
        double expected = n * Math.log(theta[0] / (theta[0] + theta[1])) - sum;
        double[] exactGradient = {n * (1 / theta[0] - 1 / (theta[0] + theta[1])), -n / (theta[0] + theta[1])};
        for (PhaseTypeLikelihood.Mode mode : PhaseTypeLikelihood.Mode.values()) {
            double[] gradient = new double[2];
            double value = PhaseTypeLikelihood.ofRewards(g, r, y).mode(mode).logLikelihood(theta, gradient);
            assertRelativelyClose(value, expected, 1e-13, "log-likelihood, " + mode);
            assertRelativelyClose(gradient, exactGradient, 1e-12, "gradient, " + mode);
        }
    }

    @Test
    void discreteRewardChainsAndTheAtomAtZero() {
        // start → A (reward 0); A → B with probability θ₁, A → absorbed with θ₂; B (reward 2) → absorbed with 1/2,
        // else stays. P(Y = 0) = θ₂/(θ₁ + θ₂); P(Y = 2k) = θ₁/(θ₁ + θ₂)·2^{−k} for k ≥ 1; odd totals impossible
        Graph g = builder(2, 4, true).addEdge(0, 1, 1.0).addParameterizedEdge(1, 2, 1, 0)
                .addParameterizedEdge(1, 3, 0, 1).addEdge(2, 3, 0.5).build();
        double[] r = {0, 0, 2, 0};
        double[] y = {0, 2, 4, 4, 0, 6};
        double[] theta = {0.3, 0.2};
        double s = theta[0] + theta[1];
        double expected = 2 * Math.log(theta[1] / s) + 4 * Math.log(theta[0] / s) - (1 + 2 + 2 + 3) * Math.log(2);
        double[] exactGradient = {-2 / s + 4 / theta[0] - 4 / s, 2 / theta[1] - 2 / s - 4 / s};
        for (PhaseTypeLikelihood.Mode mode : PhaseTypeLikelihood.Mode.values()) {
            double[] gradient = new double[2];
            double value = PhaseTypeLikelihood.ofRewards(g, r, y).mode(mode).logLikelihood(theta, gradient);
            assertRelativelyClose(value, expected, 1e-13, "log-likelihood, " + mode);
            assertRelativelyClose(gradient, exactGradient, 1e-12, "gradient, " + mode);
        }
        double[] gradient = new double[2];
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, r, new double[] {3}).logLikelihood(theta,
                gradient)).isInstanceOf(ParameterException.class).hasMessageContaining("likelihood is zero");
    }

    @Test
    void batchesAndThreadsGiveTheSameBitsForRewardedData() {
        Spec spec = RandomGraphs.random(17, Options.parameterized(20, 2));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(3);
        double[] r = rewards(g, rng);
        double[][] thetas = new double[24][];
        for (int j = 0; j < thetas.length; j++) {
            thetas[j] = spec.randomTheta(rng);
        }
        double mean = Moments.of(RewardTransform.transform(g.at(thetas[0]), r).graph()).expectation();
        double[] y = {0.3 * mean, mean, 2 * mean};
        double[] serial = new double[thetas.length];
        double[][] serialGradient = new double[thetas.length][2];
        PhaseTypeLikelihood.ofRewards(g, r, y).evaluate(thetas, serial, serialGradient);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double[] parallel = new double[thetas.length];
            double[][] parallelGradient = new double[thetas.length][2];
            PhaseTypeLikelihood.ofRewards(g, r, y).executor(pool, 2).evaluate(thetas, parallel, parallelGradient);
            assertThat(parallel).isEqualTo(serial);
            assertThat(parallelGradient).isDeepEqualTo(serialGradient);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badRewardsAreRejectedWithTheReason() {
        Graph g = builder(1, 3, false).addEdge(0, 1, 1.0).addParameterizedEdge(1, 2, 1.0).build();
        double[] y = {1.0};
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, new double[] {0, 1}, y))
                .isInstanceOf(ParameterException.class).hasMessageContaining("one reward per vertex");
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, new double[] {0, -1, 0}, y))
                .isInstanceOf(ParameterException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, new double[] {0, Double.NaN, 0}, y))
                .isInstanceOf(ParameterException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, new double[] {0, 0, 0}, y))
                .isInstanceOf(ParameterException.class).hasMessageContaining("positive reward");
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(g, new double[] {0, 1, 0}, new double[] {-1}))
                .isInstanceOf(ParameterException.class).hasMessageContaining("reward total");
        Graph discrete = builder(1, 3, true).addEdge(0, 1, 1.0).addParameterizedEdge(1, 2, 0.5).build();
        assertThatThrownBy(() -> PhaseTypeLikelihood.ofRewards(discrete, new double[] {0, 1.5, 0}, y))
                .isInstanceOf(ParameterException.class).hasMessageContaining("whole numbers");
    }
}
