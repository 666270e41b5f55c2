package org.jphasic.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transformed graph's absorption time must have the moments of the accumulated reward, which the dense
 * formula k!·α(UΔ(r))^k·1 gives independently; rabbit numbers from acceptance-values.md §4.
 */
class RewardTransformTest {
    static LongStream seeds() {
        return LongStream.range(1, 121);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void transformedAbsorptionTimeHasTheMomentsOfTheReward(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(40));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] r = new double[g.vertexCount()];
        for (int v = 0; v < r.length; v++) {
            r[v] = rng.nextDouble() < 0.4 ? 0 : 0.2 + 3 * rng.nextDouble();
        }
        TransformedGraph t = RewardTransform.transform(g, r);
        double[] expected = new DenseOracle(g).moments(3, r);
        assertRelativelyClose(Moments.of(t.graph()).moments(3), expected, 1e-9, spec + " transformed moments");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteTransformSpellsOutIntegerRewards(long seed) {
        Spec spec = RandomGraphs.random(seed + 5000, Options.discrete(30));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[g.vertexCount()];
        for (int v = 0; v < r.length; v++) {
            r[v] = rng.nextInt(4); // 0..3
        }
        TransformedGraph t = RewardTransform.transform(g, r);
        assertThat(t.graph().isDiscrete()).isTrue();
        double[] expected = new DenseOracle(g).discreteRewardMoments(r);
        assertRelativelyClose(Moments.of(t.graph()).moments(2), expected, 1e-9, spec + " discrete transform");
    }

    @Test
    void rabbitsRightIslandRewardHasDefectTwoThirds() {
        Graph g = Rabbits.graph(2, 2, 4);
        double[] right = Rabbits.rabbitsOn(g, 1);
        Graph t = RewardTransform.transform(g, right).graph();
        Moments m = Moments.of(t);
        assertRelativelyClose(m.expectation(), 0.09438775510204081, 1e-12, "E");
        assertRelativelyClose(m.variance(), 0.04634787588504789, 1e-12, "Var");
        assertRelativelyClose(t.defect(), 2.0 / 3.0, 1e-12, "defect");
    }

    @Test
    void rabbitsLeftIslandRewardExpectation() {
        Graph g = Rabbits.graph(2, 2, 4);
        Graph t = RewardTransform.transform(g, Rabbits.rabbitsOn(g, 0)).graph();
        assertRelativelyClose(Moments.of(t).expectation(), 0.81122449, 1e-8, "E");
    }

    @Test
    void vertexMappingPointsToOriginalVertices() {
        Graph g = Rabbits.graph(2, 2, 4);
        double[] right = Rabbits.rabbitsOn(g, 1);
        TransformedGraph t = RewardTransform.transform(g, right);
        int[] map = t.originalVertex();
        assertThat(map[0]).isZero();
        for (int v = 1; v < map.length; v++) {
            assertThat(t.graph().state(v)).containsExactly(g.state(map[v]));
            assertThat(g.isAbsorbing(map[v]) || right[map[v]] > 0).isTrue();
        }
    }

    @Test
    void negativeRewardIsRejectedNamingTheVertex() {
        Graph g = Rabbits.graph(2, 2, 4);
        double[] r = Rabbits.rabbitsOn(g, 0);
        r[2] = -1;
        assertThatThrownBy(() -> RewardTransform.transform(g, r)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("vertex 2").hasMessageContaining("-1.0");
    }

    @Test
    void discreteTransformNeedsIntegerRewards() {
        GraphBuilder b = new GraphBuilder(1).discrete();
        int a = b.addVertex(new int[] {1});
        int z = b.addVertex(new int[] {2});
        b.addEdge(0, a, 1).addEdge(a, z, 0.5);
        Graph g = b.build();
        assertThatThrownBy(() -> RewardTransform.transform(g, new double[] {0, 1.5, 0}))
                .isInstanceOf(ParameterException.class).hasMessageContaining("integer");
    }

    @Test
    void segregatingSitesOfTwoSamplesAreGeometric() {
        // n = 2, mutation rate mu per lineage: the discretised coalescent has a state with two lineages that
        // coalesces with probability 1/(1+2mu) and mutates with 2mu/(1+2mu) per jump; S counts mutations.
        double mu = 0.1;
        GraphBuilder b = new GraphBuilder(1).discrete();
        int two = b.addVertex(new int[] {2});
        int mutation = b.addVertex(new int[] {3});
        int one = b.addVertex(new int[] {1});
        b.addEdge(0, two, 1.0);
        b.addEdge(two, one, 1 / (1 + 2 * mu));
        b.addEdge(two, mutation, 2 * mu / (1 + 2 * mu));
        b.addEdge(mutation, two, 1.0);
        Graph g = b.build();
        double[] reward = new double[g.vertexCount()];
        reward[mutation] = 1;
        Graph sites = RewardTransform.transform(g, reward).graph();
        Moments m = Moments.of(sites);
        double q = 2 * mu / (1 + 2 * mu);
        assertRelativelyClose(sites.defect(), 1 - q, 1e-12, "P(S = 0)");
        assertRelativelyClose(m.expectation(), 2 * mu, 1e-12, "E[S] = 2mu");
        assertRelativelyClose(m.variance(), 0.24, 1e-12, "Var[S]");
    }
}
