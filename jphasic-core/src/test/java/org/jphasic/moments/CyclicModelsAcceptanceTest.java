package org.jphasic.moments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertMatchesRounded;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.model.Coalescent;
import org.jphasic.testing.NamedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cyclic models of acceptance-values.md §6 (back-edge, high self-loop, triangle; the cyclic test and the
 * keynote graph are in {@link ClosedFormAcceptanceTest}), the acyclic references of §6, and the parameterized
 * birth/death model of §8. Parameterized models are evaluated with {@code graph.at(θ)} — the path on which the
 * reference gave wrong numbers for cyclic graphs (§14) — and, where the table lists concrete rates, built with
 * constant weights too. The table prints these values rounded, so they are compared to the digits printed.
 * One more cyclic check has a closed form rather than a table row: a nearly closed class keeps full accuracy.
 */
class CyclicModelsAcceptanceTest {

    /** §6 back-edge: start→v1; v1→v2 0.5θ; v2→v1 0.3θ; v2→abs 0.7θ at θ = 2 (E = 15/7 exactly). */
    @Test
    void backEdgeAtThetaTwoMatchesTable() {
        Graph constant = twoCycle(false, 1.0, 0.6, 1.4);
        assertBothForms(twoCycle(true, 0.5, 0.3, 0.7).at(new double[] {2}), constant, "2.142857143", "3.163265306");
        assertRelativelyClose(Moments.of(constant).expectation(), 15.0 / 7, 1e-9, "E = 15/7");
    }

    /**
     * §6 high self-loop: v1→v2 0.9; v2→v1 0.9; v2→abs 0.1 at θ = 1 (E = 190/9 exactly; the reference's trace
     * path gave 1.61).
     */
    @Test
    void highSelfLoopMatchesTable() {
        Graph constant = twoCycle(false, 0.9, 0.9, 0.1);
        assertBothForms(twoCycle(true, 0.9, 0.9, 0.1).at(new double[] {1}), constant, "21.1111111", "423.45679");
        assertRelativelyClose(Moments.of(constant).expectation(), 190.0 / 9, 1e-9, "E = 190/9");
    }

    /** §6 triangle: a→b 1.5, b→c 1.5, c→a 0.6, c→abs 0.9 (θ = 1.5 times [1], [1], [0.4], [0.6]). */
    @Test
    void triangleMatchesTable() {
        Graph parameterized = NamedGraph.parameterized(1, "a", "b", "c", "abs").start("a", 1)
                .parameterizedEdge("a", "b", 1).parameterizedEdge("b", "c", 1)
                .parameterizedEdge("c", "a", 0.4).parameterizedEdge("c", "abs", 0.6).build();
        Graph constant = NamedGraph.continuous("a", "b", "c", "abs").start("a", 1)
                .edge("a", "b", 1.5).edge("b", "c", 1.5).edge("c", "a", 0.6).edge("c", "abs", 0.9).build();
        assertBothForms(parameterized.at(new double[] {1.5}), constant, "3.333333", "6.666667");
    }

    /**
     * start→v1; v1→v2, v2→v1, v2→abs with the given weights: as the coefficients of a one-parameter graph, or as
     * constant rates.
     */
    private static Graph twoCycle(boolean parameterized, double forward, double back, double exit) {
        if (parameterized) {
            return NamedGraph.parameterized(1, "v1", "v2", "abs").start("v1", 1).parameterizedEdge("v1", "v2", forward)
                    .parameterizedEdge("v2", "v1", back).parameterizedEdge("v2", "abs", exit).build();
        }
        return NamedGraph.continuous("v1", "v2", "abs").start("v1", 1)
                .edge("v1", "v2", forward).edge("v2", "v1", back).edge("v2", "abs", exit).build();
    }

    /** The parameterized model at θ and the model with the table's concrete rates both match the printed E, Var. */
    private static void assertBothForms(Graph atTheta, Graph constant, String expectation, String variance) {
        for (Graph g : new Graph[] {atTheta, constant}) {
            String form = g == atTheta ? "at theta: " : "constant: ";
            Moments m = Moments.of(g);
            assertMatchesRounded(m.expectation(), expectation, form + "E");
            assertMatchesRounded(m.variance(), variance, form + "Var");
        }
    }

    /**
     * ARCHITECTURE.md "Exact is exact" on a nearly closed class: A→B 1, B→A 1, B→abs ε. First-step analysis
     * gives E = (2 + ε)/ε exactly; computing the self-loop factor 1/(1 − q) by subtraction would lose about
     * log10(1/ε) digits.
     */
    @ParameterizedTest(name = "epsilon = {0}")
    @ValueSource(doubles = {1e-3, 1e-6, 1e-9, 1e-12})
    void nearlyClosedClassKeepsFullAccuracy(double epsilon) {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 1)
                .edge("A", "B", 1).edge("B", "A", 1).edge("B", "abs", epsilon).build();
        assertRelativelyClose(Moments.of(g).expectation(), (2 + epsilon) / epsilon, 1e-9, "E");
    }

    /** §6 acyclic reference "coalescent n3, θ = 2" (rates 6, 2): E = 0.666667, Var = 0.277778. */
    @Test
    void acyclicCoalescentThreeAtThetaTwo() {
        Moments m = Moments.of(Coalescent.lineageCountingParameterized(3).at(new double[] {2}));
        assertMatchesRounded(m.expectation(), "0.666667", "E");
        assertMatchesRounded(m.variance(), "0.277778", "Var");
    }

    /** §6 acyclic reference "Erlang3, θ = 3": E = 1, Var = 1/3. */
    @Test
    void acyclicErlangThreeAtThetaThree() {
        Graph g = NamedGraph.parameterized(1, "s1", "s2", "s3", "abs").start("s1", 1)
                .parameterizedEdge("s1", "s2", 1).parameterizedEdge("s2", "s3", 1)
                .parameterizedEdge("s3", "abs", 1).build();
        Moments m = Moments.of(g.at(new double[] {3}));
        assertRelativelyClose(m.expectation(), 1, 1e-9, "E");
        assertRelativelyClose(m.variance(), 1.0 / 3, 1e-9, "Var");
    }

    /**
     * §6 acyclic reference "branching, θ = (2, 1.5)": A→B θ₁, A→C θ₂, B→abs θ₁+θ₂, C→abs θ₁+θ₂ (the S2 test
     * suite's definition): E = 0.571429, Var = 0.163265.
     */
    @Test
    void acyclicBranchingAtTheta() {
        Graph g = NamedGraph.parameterized(2, "A", "B", "C", "abs").start("A", 1)
                .parameterizedEdge("A", "B", 1, 0).parameterizedEdge("A", "C", 0, 1)
                .parameterizedEdge("B", "abs", 1, 1).parameterizedEdge("C", "abs", 1, 1).build();
        Moments m = Moments.of(g.at(new double[] {2, 1.5}));
        assertMatchesRounded(m.expectation(), "0.571429", "E");
        assertMatchesRounded(m.variance(), "0.163265", "Var");
    }

    /**
     * §8 parameterized birth/death: state [L, R], start [2, 0]; L &gt; 0 → [L−1, R+1] with coefficients [1, 0],
     * R &gt; 0 → [L, R−1] with coefficients [0, 1]. 7 vertices; E = 2.666667 at θ = (1, 2) and (2, 1) (the model
     * is symmetric), 2.333333 at θ = (1.5, 1.5).
     */
    @ParameterizedTest(name = "theta = ({0}, {1})")
    @CsvSource({"1, 2, 2.666667", "2, 1, 2.666667", "1.5, 1.5, 2.333333"})
    void birthDeathExpectation(double birth, double death, String expected) {
        Graph g = StateSpace.of(2).parameters(2).initial(new int[] {2, 0}, 1.0).explore((s, out) -> {
            if (s[0] > 0) {
                out.addParameterized(new int[] {s[0] - 1, s[1] + 1}, 1, 0);
            }
            if (s[1] > 0) {
                out.addParameterized(new int[] {s[0], s[1] - 1}, 0, 1);
            }
        });
        assertThat(g.vertexCount()).isEqualTo(7);
        assertMatchesRounded(Moments.of(g.at(new double[] {birth, death})).expectation(), expected, "E");
    }
}
