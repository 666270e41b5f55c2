package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.NamedGraph;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/**
 * Samples against exact moments (seeded): sample means within 4 standard errors of E[Y] and sample variances
 * within 4 standard errors of Var[Y] (the standard error of the variance from the exact fourth central moment),
 * for absorption times, jump counts and rewards, univariate and multivariate; and reproducibility: one seed, the
 * same samples on one thread and on several.
 */
class SamplerTest {
    private static final int N = 200_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void continuousMeanAndVarianceMatchExactMoments(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(30));
        Graph g = spec.build();
        double[] samples = Sampler.of(g).sample(N, seed);
        assertMomentsMatch(samples, Moments.of(g).moments(4), spec.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void rewardMeanAndVarianceMatchExactMoments(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(30));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[g.vertexCount()];
        for (int v = 0; v < r.length; v++) {
            r[v] = rng.nextDouble() < 0.3 ? 0 : 3 * rng.nextDouble();
        }
        double[] samples = Sampler.of(g).sample(N, seed, r);
        assertMomentsMatch(samples, Moments.of(g).moments(4, r), spec + " with rewards");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33, 34})
    void discreteJumpCountsMatchExactMoments(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(30));
        Graph g = spec.build();
        double[] samples = Sampler.of(g).sample(N, seed);
        for (double x : samples) {
            if (x != Math.rint(x) || x < 0) {
                throw new AssertionFailedError(spec + ": jump count " + x + " is not a non-negative integer");
            }
        }
        assertMomentsMatch(samples, new DenseOracle(g).discreteRawMoments(4), spec + " jump counts");
    }

    @Test
    void rabbitsSecondMomentMatches() {
        Graph g = Rabbits.graph(2, 2, 4);
        double[] samples = Sampler.of(g).sample(N, 2024L);
        assertMomentsMatch(samples, Moments.of(g).moments(4), "rabbits(2; 2, 4)");
    }

    @Test
    void multivariateRewardsHaveTheExactMeansAndCovariance() {
        Graph g = Coalescent.blockCounting(5);
        double[][] sfs = Coalescent.sfsRewards(g);
        double[][] y = Sampler.of(g).sample(N, 99L, sfs);
        Moments m = Moments.of(g);
        double[][] cov = m.covarianceMatrix(sfs);
        for (int i = 0; i < sfs.length; i++) {
            double[] column = new double[N];
            for (int s = 0; s < N; s++) {
                column[s] = y[s][i];
            }
            assertMomentsMatch(column, m.moments(4, sfs[i]), "ξ" + (i + 1));
        }
        // Cov(ξ1, ξ2): standard error from the sample's own spread of the centred products
        double mean1 = 2;
        double mean2 = 1;
        double sum = 0;
        double sumSquares = 0;
        for (double[] row : y) {
            double p = (row[0] - mean1) * (row[1] - mean2);
            sum += p;
            sumSquares += p * p;
        }
        double c = sum / N;
        double se = Math.sqrt((sumSquares / N - c * c) / N);
        assertWithin(c, cov[0][1], 4 * se, "Cov(ξ1, ξ2)");
    }

    @Test
    void defectiveMassIsAbsorbedAtTimeZero() {
        Graph g = NamedGraph.continuous("A", "abs").start("A", 0.7).edge("A", "abs", 1).build();
        double[] samples = Sampler.of(g).sample(N, 5L);
        int zeros = 0;
        for (double x : samples) {
            zeros += x == 0 ? 1 : 0;
        }
        double p = 0.3;
        assertWithin(zeros / (double) N, p, 4 * Math.sqrt(p * (1 - p) / N), "fraction absorbed at 0");
    }

    @Test
    void sameSeedSameSamplesOnOneAndSeveralThreads() {
        Graph g = RandomGraphs.random(41, Options.continuous(25)).build();
        int n = 5 * Sampler.CHUNK + 123;
        double[] one = Sampler.of(g).sample(n, 42L);
        double[] three = Sampler.of(g).threads(3).sample(n, 42L);
        double[] eight = Sampler.of(g).threads(8).sample(n, 42L);
        assertThat(three).containsExactly(one);
        assertThat(eight).containsExactly(one);
        assertThat(Sampler.of(g).sample(n, 43L)).isNotEqualTo(one);

        double[][] rewards = {Coalescent.lineageRewards(g), new double[g.vertexCount()]};
        rewards[1][1] = 1;
        double[][] a = Sampler.of(g).sample(n, 7L, rewards);
        double[][] b = Sampler.of(g).threads(4).sample(n, 7L, rewards);
        for (int i = 0; i < n; i++) {
            assertThat(b[i]).containsExactly(a[i]);
        }
        Graph discrete = RandomGraphs.random(42, Options.discrete(25)).build();
        assertThat(Sampler.of(discrete).threads(2).sample(n, 1L)).containsExactly(Sampler.of(discrete).sample(n, 1L));
    }

    @Test
    void badArgumentsAreRejected() {
        Graph g = Rabbits.graph(2, 2, 4);
        assertThatThrownBy(() -> Sampler.of(g).sample(-1, 1L)).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> Sampler.of(g).threads(0)).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> Sampler.of(g).sample(10, 1L, new double[3]))
                .isInstanceOf(ParameterException.class).hasMessageContaining("rewards has length 3");
        assertThatThrownBy(() -> Sampler.of(Rabbits.parameterized(2))).isInstanceOf(ParameterException.class)
                .hasMessageContaining("graph.at(theta)");
        assertThat(Sampler.of(g).sample(0, 1L)).isEmpty();
    }

    /**
     * Mean within 4·√(Var/n) of E[Y] and variance within 4·√((μ₄ − σ⁴)/n) of Var[Y], μ₄ the exact fourth central
     * moment.
     */
    static void assertMomentsMatch(double[] samples, double[] raw, String what) {
        int n = samples.length;
        double mean = 0;
        for (double x : samples) {
            mean += x;
        }
        mean /= n;
        double variance = 0;
        for (double x : samples) {
            variance += (x - mean) * (x - mean);
        }
        variance /= n - 1;
        double m1 = raw[0];
        double var = raw[1] - m1 * m1;
        double mu4 = raw[3] - 4 * raw[2] * m1 + 6 * raw[1] * m1 * m1 - 3 * m1 * m1 * m1 * m1;
        assertWithin(mean, m1, 4 * Math.sqrt(var / n), what + " sample mean");
        assertWithin(variance, var, 4 * Math.sqrt(Math.max(mu4 - var * var, 0) / n), what + " sample variance");
    }

    static void assertWithin(double actual, double expected, double tolerance, String what) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new AssertionFailedError(what + ": expected " + expected + " ± " + tolerance + " but was "
                    + actual, expected, actual);
        }
    }
}
