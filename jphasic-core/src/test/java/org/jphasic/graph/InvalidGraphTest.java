package org.jphasic.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import org.assertj.core.api.AbstractThrowableAssert;
import org.jphasic.InvalidGraphException;
import org.jphasic.ParameterException;
import org.jphasic.moments.Moments;
import org.jphasic.testing.NamedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every invalid-graph case of issue 2 ("Validation when a graph is built", ARCHITECTURE.md "Non-negotiables",
 * algorithms.md §5): each raises an {@link InvalidGraphException} whose message names the offending vertex or
 * edge (by index, and by state where a state exists). Also the two positive rules: duplicate constant edges are
 * merged by summing, and initial probabilities summing below one leave a defect (acceptance-values.md §2 row 5).
 * And the errors of {@link Graph#at(double[])}: {@link ParameterException}s naming θ, the edge or the vertex.
 *
 * <p>Vertices built with {@link NamedGraph} are numbered in the order named, with state [index], so "vertex 2
 * (state [2])" below is the second name.
 */
class InvalidGraphTest {

    /** Asserts that building {@code g} fails with an {@link InvalidGraphException} naming every fragment. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertBuildRejected(NamedGraph g,
            String... fragments) {
        return assertThatThrownBy(g::build).isInstanceOf(InvalidGraphException.class)
                .hasMessageContainingAll(fragments);
    }

    @ParameterizedTest(name = "weight {0}")
    @ValueSource(doubles = {-1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void negativeNanOrInfiniteWeightIsRejectedNamingTheEdge(double weight) {
        NamedGraph g = NamedGraph.continuous("A", "B", "abs").start("A", 1);
        assertThatThrownBy(() -> g.edge("A", "B", weight))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContainingAll("1 -> 2", String.valueOf(weight));
    }

    @Test
    void negativeInitialProbabilityIsRejectedNamingTheEdge() {
        NamedGraph g = NamedGraph.continuous("A", "abs");
        assertThatThrownBy(() -> g.start("A", -0.5))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("0 -> 1");
    }

    @Test
    void selfLoopIsRejectedNamingTheVertex() {
        NamedGraph g = NamedGraph.continuous("A", "B", "abs").start("A", 1);
        assertThatThrownBy(() -> g.edge("B", "B", 1.0))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContainingAll("self-loop", "vertex 2 (state [2])");
    }

    @Test
    void edgeIntoTheStartIsRejectedNamingTheEdge() {
        GraphBuilder b = new GraphBuilder(1);
        int a = b.addVertex(new int[] {1});
        assertThatThrownBy(() -> b.addEdge(a, Graph.START, 1.0))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContainingAll("1 -> 0", "starting vertex");
    }

    @Test
    void parameterizedEdgeOutOfTheStartIsRejectedNamingTheEdge() {
        GraphBuilder b = new GraphBuilder(1, 1);
        int a = b.addVertex(new int[] {1});
        assertThatThrownBy(() -> b.addParameterizedEdge(Graph.START, a, 1.0))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContainingAll("0 -> 1", "starting vertex");
    }

    @Test
    void nonAbsorbingVertexWithZeroTotalRateIsRejectedNamingTheVertex() {
        NamedGraph g = NamedGraph.continuous("A", "B", "abs").start("A", 1)
                .edge("A", "B", 1).edge("B", "abs", 0.0).edge("B", "A", 0.0);
        assertBuildRejected(g, "vertex 2 (state [2])", "total rate is zero");
    }

    @Test
    void closedTwoCycleWithoutExitIsRejectedNamingItsVertices() {
        NamedGraph g = NamedGraph.continuous("A", "B", "C", "abs").start("A", 1)
                .edge("A", "B", 1).edge("A", "abs", 1).edge("B", "C", 2).edge("C", "B", 3);
        assertBuildRejected(g, "closed class", "vertex 2 (state [2])", "vertex 3 (state [3])")
                .message().doesNotContain("vertex 1 (state [1])");
    }

    /** A three-vertex cycle whose only way out is an edge of weight 0: it is closed in fact. */
    @Test
    void closedThreeCycleWhoseOnlyExitHasWeightZeroIsRejectedNamingItsVertices() {
        NamedGraph g = NamedGraph.continuous("A", "B", "C", "abs").start("A", 1)
                .edge("A", "B", 1).edge("B", "C", 1).edge("C", "A", 1).edge("C", "abs", 0.0);
        assertBuildRejected(g, "closed class", "vertex 1 (state [1])", "vertex 2 (state [2])",
                "vertex 3 (state [3])");
    }

    @Test
    void closedClassDownstreamOfAnOpenOneIsRejected() {
        NamedGraph g = NamedGraph.continuous("A", "B", "C", "D", "abs").start("A", 1)
                .edge("A", "B", 1).edge("B", "A", 1).edge("B", "abs", 1).edge("A", "C", 1)
                .edge("C", "D", 1).edge("D", "C", 1);
        assertBuildRejected(g, "vertex 3 (state [3])", "vertex 4 (state [4])")
                .message().doesNotContain("vertex 1 (state [1])");
    }

    @Test
    void initialProbabilitiesSummingAboveOneAreRejected() {
        NamedGraph g = NamedGraph.continuous("A", "B", "abs").start("A", 0.7).start("B", 0.5)
                .edge("A", "abs", 1).edge("B", "abs", 1);
        assertBuildRejected(g, "starting vertex", "1.2");
    }

    /** acceptance-values.md §3 "gotcha": start→[0] with weight 2, a start edge straight into an absorbing vertex. */
    @Test
    void startEdgeOfWeightTwoIntoAnAbsorbingVertexIsRejected() {
        NamedGraph g = NamedGraph.continuous("0").start("0", 2);
        assertBuildRejected(g, "starting vertex", "2.0");
    }

    @Test
    void discreteVertexWithProbabilitiesAboveOneIsRejectedNamingTheVertex() {
        NamedGraph g = NamedGraph.discrete("A", "B", "abs").start("A", 1)
                .edge("A", "B", 0.6).edge("A", "abs", 0.5).edge("B", "abs", 1);
        assertBuildRejected(g, "vertex 1 (state [1])", "1.1");
    }

    @Test
    void duplicateEdgesMixingConstantAndParameterizedWeightsAreRejectedNamingTheEdge() {
        NamedGraph g = NamedGraph.parameterized(2, "A", "B", "abs").start("A", 1)
                .edge("A", "B", 1.0).parameterizedEdge("A", "B", 1, 0).edge("B", "abs", 1);
        assertBuildRejected(g, "1 -> 2", "[1] -> [2]");
    }

    @Test
    void duplicateConstantEdgesAreMergedBySumming() {
        Graph duplicated = NamedGraph.continuous("A", "B", "abs").start("A", 1)
                .edge("A", "B", 1).edge("A", "abs", 2).edge("A", "B", 1.5).edge("B", "abs", 4).edge("B", "abs", 1)
                .build();
        Graph merged = NamedGraph.continuous("A", "B", "abs").start("A", 1)
                .edge("A", "B", 2.5).edge("A", "abs", 2).edge("B", "abs", 5).build();
        assertThat(duplicated.outDegree(1)).isEqualTo(2);
        assertThat(duplicated.outDegree(2)).isEqualTo(1);
        assertThat(duplicated.totalRate(1)).isEqualTo(4.5);
        // A: mean sojourn 1/4.5, then B with probability 2.5/4.5 and mean 1/5
        double expected = 1 / 4.5 + (2.5 / 4.5) / 5;
        assertRelativelyClose(Moments.of(duplicated).expectation(), expected, 1e-12, "E with duplicates");
        assertRelativelyClose(Moments.of(merged).expectation(), expected, 1e-12, "E merged by hand");
    }

    @Test
    void duplicateParameterizedEdgesAreMergedBySummingCoefficients() {
        Graph g = NamedGraph.parameterized(2, "A", "abs").start("A", 1)
                .parameterizedEdge("A", "abs", 1, 0).parameterizedEdge("A", "abs", 0.5, 2).build();
        assertThat(g.outDegree(1)).isEqualTo(1);
        assertThat(g.coefficients(g.edgeStart(1))).containsExactly(1.5, 2.0);
        assertRelativelyClose(Moments.of(g.at(new double[] {2, 1})).expectation(), 1 / 5.0, 1e-12, "E");
    }

    @Test
    void initialProbabilitiesBelowOneLeaveADefect() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 0.25).start("B", 0.35)
                .edge("A", "abs", 1).edge("B", "abs", 1).build();
        assertRelativelyClose(g.defect(), 0.4, 1e-12, "defect = 1 − Σα");
        assertRelativelyClose(Moments.of(g).expectation(), 0.6, 1e-12, "E (the defect contributes 0)");
    }

    // ---- Graph.at(theta) ----

    private static Graph twoParameterChain() {
        return NamedGraph.parameterized(2, "A", "B", "abs").start("A", 1)
                .parameterizedEdge("A", "B", 1, 0).parameterizedEdge("B", "abs", 1, -1).build();
    }

    /** Asserts that {@link #twoParameterChain()} rejects θ with a message containing every fragment. */
    private static void assertThetaRejected(double[] theta, String... fragments) {
        Graph g = twoParameterChain();
        assertThatThrownBy(() -> g.at(theta)).isInstanceOf(ParameterException.class)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void thetaOfTheWrongLengthIsRejected() {
        assertThetaRejected(new double[] {1, 2, 3}, "length 3", "2 parameters");
    }

    @Test
    void nanThetaIsRejectedNamingTheEntry() {
        assertThetaRejected(new double[] {1, Double.NaN}, "theta[1]", "NaN");
    }

    @Test
    void thetaMakingAWeightNegativeIsRejectedNamingTheEdge() {
        assertThetaRejected(new double[] {1, 3}, "2 -> 3 (state [2] -> [3])", "-2.0");
    }

    @Test
    void thetaMakingAVertexsTotalRateZeroIsRejectedNamingTheVertex() {
        assertThetaRejected(new double[] {0, 1}, "vertex 1 (state [1])", "total rate is zero");
    }

    @Test
    void thetaClosingAClassIsRejectedNamingItsVertices() {
        Graph g = NamedGraph.parameterized(2, "A", "B", "abs").start("A", 1)
                .parameterizedEdge("A", "B", 1, 0).parameterizedEdge("B", "A", 1, 0)
                .parameterizedEdge("B", "abs", 0, 1).build();
        assertRelativelyClose(Moments.of(g.at(new double[] {1, 1})).expectation(), 3, 1e-12, "E at (1, 1)");
        assertThatThrownBy(() -> g.at(new double[] {1, 0}))
                .isInstanceOf(ParameterException.class)
                .hasMessageContainingAll("closed class", "vertex 1 (state [1])", "vertex 2 (state [2])");
    }

    @Test
    void validThetaGivesTheDotProductWeights() {
        Graph g = twoParameterChain().at(new double[] {3, 1});
        assertThat(g.isParameterized()).isFalse();
        assertThat(g.edgeWeight(g.edgeStart(1))).isEqualTo(3.0);
        assertThat(g.edgeWeight(g.edgeStart(2))).isEqualTo(2.0);
    }
}
