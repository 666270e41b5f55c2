package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.dist.ContinuousDistributionContractTest.l1;
import static org.jphasic.dist.UniformizationPropertyTest.assertClose;
import static org.jphasic.dist.UniformizationPropertyTest.assertVectorClose;

import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The discrete counterparts of state probabilities and visiting times: P(X_k = v) = (αT^k)_v, with the cdf they
 * sum to 1; accumulated visits tend to the expected numbers of visits αU; the pmf of an integer reward through
 * the discrete reward transformation sums to one and has the reward's exact mean.
 */
class DiscreteDistributionTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {61, 62, 63, 64, 65})
    void stateProbabilitiesPlusCdfSumToOneAndVisitsTendToResidenceTimes(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(30));
        Graph g = spec.build();
        DiscreteDistribution d = DiscreteDistribution.of(g);
        DenseOracle oracle = new DenseOracle(g);
        double[][] t = oracle.matrix();
        int[] transients = oracle.transientVertices();
        double[] row = oracle.alpha();
        int[] jumps = {0, 1, 2, 5, 17};
        double[][] probabilities = new double[jumps.length][g.vertexCount()];
        double[][] visits = new double[jumps.length][g.vertexCount()];
        d.evaluateStates(jumps, probabilities, visits);
        double[] cdf = d.cdf(jumps);
        int step = 0;
        for (int i = 0; i < jumps.length; i++) {
            while (step < jumps[i]) {
                double[] next = new double[row.length];
                for (int a = 0; a < row.length; a++) {
                    for (int b = 0; b < row.length; b++) {
                        next[b] += row[a] * t[a][b];
                    }
                }
                row = next;
                step++;
            }
            double[] expected = new double[g.vertexCount()];
            for (int a = 0; a < transients.length; a++) {
                expected[transients[a]] = row[a];
            }
            assertVectorClose(probabilities[i], expected, 1e-12, spec + " P(X_" + jumps[i] + ")");
            double total = cdf[i];
            for (double p : probabilities[i]) {
                total += p;
            }
            assertClose(total, 1, 1e-12, spec + " P(X_k) + F(k) = 1");
        }
        int late = 3000;
        double[] residence = Moments.of(g).residenceTimes();
        assertClose(l1(d.accumulatedVisits(late), residence), 0, 1e-8 + 3000 * (1 - d.cdf(late)),
                spec + " visits → αU");
    }

    @Test
    void rewardedPmfSumsToOneWithTheRewardsMean() {
        Graph g = RandomGraphs.random(66, Options.discrete(15)).build();
        double[] rewards = new double[g.vertexCount()];
        for (int v = 1; v < rewards.length; v++) {
            rewards[v] = v % 3;
        }
        DiscreteDistribution y = DiscreteDistribution.ofReward(g, rewards);
        int n = 4000;
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = i;
        }
        double[] pmf = y.pmf(k);
        double total = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            total += pmf[i];
            mean += i * pmf[i];
        }
        assertClose(total, 1, 1e-9, "Σ pmf");
        assertClose(mean, Moments.of(g).expectation(rewards), 1e-7, "E[Y]");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> DiscreteDistribution.of(Rabbits.graph(2, 2, 4)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("continuous");
        assertThatThrownBy(() -> Uniformization.of(RandomGraphs.random(1, Options.discrete(5)).build()))
                .isInstanceOf(ParameterException.class).hasMessageContaining("DiscreteDistribution");
        DiscreteDistribution d = DiscreteDistribution.of(RandomGraphs.random(1, Options.discrete(5)).build());
        assertThatThrownBy(() -> d.pmf(-1)).isInstanceOf(ParameterException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> d.evaluate(new int[] {1, 2}, new double[3], null))
                .isInstanceOf(ParameterException.class);
    }
}
