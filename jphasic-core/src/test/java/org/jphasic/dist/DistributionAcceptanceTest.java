package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.dist.UniformizationPropertyTest.assertClose;
import static org.jphasic.testing.Tolerance.assertMatchesRounded;

import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.NamedGraph;
import org.jphasic.testing.States;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pdf/cdf rows of acceptance-values.md: closed forms and small models (§2 rows 1, 4, 5, 6b, 12), tiny
 * chains (§3), rabbits (§4, the exact values; the library's Euler values only for the Euler mode), Kingman
 * densities (§5.2), segregating sites as a rewarded discrete distribution (§5.3), cyclic and acyclic models
 * (§6), the parameterized birth/death model (§8) and the granularity checks (§9). Exact values are computed by
 * {@link Uniformization} at its default ε; values the tables print rounded are compared to the digits printed.
 */
class DistributionAcceptanceTest {
    private static final double[] T4 = {0.1, 0.5, 1, 2};

    private static Graph exponential(double rate) {
        return NamedGraph.continuous("A", "abs").start("A", 1).edge("A", "abs", rate).build();
    }

    private static void assertRounded(double[] actual, String what, String... printed) {
        assertThat(actual).hasSize(printed.length);
        for (int i = 0; i < printed.length; i++) {
            assertMatchesRounded(actual[i], printed[i], what + "[" + i + "]");
        }
    }

    /** §2 row 1: Exp(λ), f = λe^{−λt}, F = 1 − e^{−λt}. */
    @ParameterizedTest(name = "λ = {0}")
    @CsvSource({"1", "2.5", "40"})
    void exponentialMatchesClosedForm(double rate) {
        Uniformization d = Uniformization.of(exponential(rate));
        for (double t : new double[] {0, 0.01, 0.3, 1, 3}) {
            assertClose(d.pdf(t), rate * Math.exp(-rate * t), 1e-12, "f(" + t + ")");
            assertClose(d.cdf(t), -Math.expm1(-rate * t), 1e-12, "F(" + t + ")");
        }
    }

    /** §2 row 4: hyperexponential S→A 0.4, S→B 0.6, A→abs 1, B→abs 3. */
    @Test
    void hyperexponentialDensity() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 0.4).start("B", 0.6).edge("A", "abs", 1)
                .edge("B", "abs", 3).build();
        assertRounded(Uniformization.of(g).pdf(new double[] {0.5, 1}), "f", "0.6442466", "0.2367685");
    }

    /** §2 row 5: S→A 0.7, S→abs 0.3, A→abs 1: F(0) = 0.3, F → 1, f = 0.7e^{−t}. */
    @Test
    void defectIsTheDistributionFunctionAtZero() {
        Graph g = NamedGraph.continuous("A", "abs").start("A", 0.7).start("abs", 0.3).edge("A", "abs", 1).build();
        Uniformization d = Uniformization.of(g);
        assertClose(d.cdf(0), 0.3, 1e-15, "F(0)");
        assertClose(d.cdf(50), 1, 1e-12, "F(50)");
        assertClose(d.pdf(1), 0.7 * Math.exp(-1), 1e-12, "f(1)");
        Graph implicit = NamedGraph.continuous("A", "abs").start("A", 0.7).edge("A", "abs", 1).build();
        assertClose(Uniformization.of(implicit).cdf(0), 0.3, 1e-15, "F(0) with the defect left implicit");
    }

    /** §2 row 6b: S→A; A→B 1; B→A 1; B→abs 1. */
    @Test
    void cyclicTestGraphDensity() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 1).edge("A", "B", 1).edge("B", "A", 1)
                .edge("B", "abs", 1).build();
        assertRounded(Uniformization.of(g).pdf(new double[] {0.5, 1, 2}), "f", "0.24867813", "0.27260894",
                "0.20594634");
    }

    /** §2 row 12 and §9.1: the Euler scheme reproduces the reference's granularity numbers for Exp(1). */
    @Test
    void eulerReproducesTheReferenceGranularityNumbers() {
        Graph g = exponential(1);
        assertRounded(new double[] {EulerDistribution.of(g, 1024).pdf(1), EulerDistribution.of(g, 10_000).pdf(1),
            EulerDistribution.of(g, 100).pdf(1)}, "Euler pdf(1) at g = 1024, 10^4, 100", "0.36805917",
                "0.36789784", "0.36972964");
        assertRounded(new double[] {EulerDistribution.of(g, 1024).cdf(1), EulerDistribution.of(g, 10_000).cdf(1)},
                "Euler cdf(1) at g = 1024, 10^4", "0.63230026", "0.63213895");
        assertThat(EulerDistribution.of(g).granularity()).as("default g = 2·max(512, λ_max)").isEqualTo(1024);
        assertRounded(new double[] {Uniformization.of(g).pdf(1), Uniformization.of(g).cdf(1)}, "exact",
                "0.36787944", "0.63212056");
    }

    /** §9.2: the start is instantaneous; Exp(θ = 2) at t = 1 is 2e^{−2}, not the reference's 0.46509. */
    @Test
    void startVertexTakesNoTime() {
        Graph g = NamedGraph.parameterized(1, "A", "abs").start("A", 1).parameterizedEdge("A", "abs", 1).build();
        assertClose(Uniformization.of(g.at(new double[] {2})).pdf(1), 2 * Math.exp(-2), 1e-12, "f(1)");
    }

    /** §3: start→[1] (1); [1]→[2] rate 2. */
    @Test
    void tinyChainExponentialTwo() {
        Uniformization d = Uniformization.of(exponential(2));
        double[] t = {0.5, 1, 2};
        assertRounded(d.pdf(t), "pdf", "0.735759", "0.270671", "0.036631");
        assertRounded(d.cdf(t), "cdf", "0.632121", "0.864665", "0.981684");
    }

    /** §3: start→[1]→[2]→[3], rates 1, 1: Erlang(2, 1), the start edge carries no time. */
    @Test
    void tinyChainErlangTwo() {
        Graph g = NamedGraph.continuous("1", "2", "3").start("1", 1).edge("1", "2", 1).edge("2", "3", 1).build();
        assertRounded(Uniformization.of(g).pdf(new double[] {0.5, 1, 2}), "pdf", "0.303265", "0.367879",
                "0.270671");
    }

    /** §3: a parameterized edge with coefficients [2, 0.5] at θ = [1, 3] is Exp(3.5). */
    @Test
    void parameterizedEdgeExponential() {
        Graph g = NamedGraph.parameterized(2, "1", "0").start("1", 1).parameterizedEdge("1", "0", 2.0, 0.5).build();
        assertRounded(Uniformization.of(g.at(new double[] {1, 3})).pdf(new double[] {0.5, 1, 1.5}), "pdf",
                "0.608209", "0.105691", "0.018366");
    }

    /** §3: from_matrices ipv [0.6, 0.4], sim [[−2, 1], [0, −3]]. */
    @Test
    void fromMatricesExample() {
        Graph g = NamedGraph.continuous("1", "2", "abs").start("1", 0.6).start("2", 0.4).edge("1", "2", 1)
                .edge("1", "abs", 1).edge("2", "abs", 3).build();
        Uniformization d = Uniformization.of(g);
        assertMatchesRounded(d.pdf(1), "0.294932", "pdf(1)");
        assertMatchesRounded(d.cdf(1), "0.847555", "cdf(1)");
    }

    /** §3: the R showcase, ipv (1,0,0,0), sim [[−6,6,0,0],[0,−3,1,2],[0,0,−1,0],[0,0,0,−1]]. */
    @Test
    void rShowcaseDensity() {
        Graph g = NamedGraph.continuous("1", "2", "3", "4", "abs").start("1", 1).edge("1", "2", 6).edge("2", "3", 1)
                .edge("2", "4", 2).edge("3", "abs", 1).edge("4", "abs", 1).build();
        assertMatchesRounded(Uniformization.of(g).pdf(0.9), "0.535629", "pdf(0.9)");
    }

    /** §3 gotcha: a start edge of weight 2 is not an initial distribution; it is rejected. */
    @Test
    void startEdgeAboveOneIsRejected() {
        assertThatThrownBy(() -> NamedGraph.continuous("0").start("0", 2).build())
                .isInstanceOf(InvalidGraphException.class).hasMessageContaining("sum to 2.0");
    }

    /** §4: exact pdf and cdf of rabbits(2; 2, 4). */
    @Test
    void rabbitsExactDensityAndDistribution() {
        Uniformization d = Uniformization.of(Rabbits.graph(2, 2, 4));
        double[] t = {0.25, 0.5, 1};
        assertRounded(d.pdf(t), "pdf", "1.16739036", "0.76308952", "0.29481408");
        assertRounded(d.cdf(t), "cdf", "0.37676785", "0.61467736", "0.86392812");
        assertMatchesRounded(d.pdf(2), "0.033001", "pdf(2)");
        assertMatchesRounded(d.cdf(2), "0.985908", "cdf(2)");
    }

    /** §4: the library's Euler values with g = 10⁴. */
    @Test
    void rabbitsEulerAtTenThousandMatchesTheLibrary() {
        EulerDistribution d = EulerDistribution.of(Rabbits.graph(2, 2, 4), 10_000);
        double[] t = {0.25, 0.5, 1};
        assertRounded(d.pdf(t), "Euler pdf", "1.16753", "0.76318", "0.29482");
        assertRounded(d.cdf(t), "Euler cdf", "0.37679", "0.61471", "0.86396");
    }

    /** §4: P(X_0.2 = v), the exact values, and the library's at its default granularity (step ⌈204.8⌉). */
    @Test
    void rabbitsStopProbabilities() {
        Graph g = Rabbits.graph(2, 2, 4);
        int[][] states = {{2, 0}, {1, 1}, {0, 2}, {0, 1}, {1, 0}};
        String[] exact = {"0.55693565", "0.07025041", "0.00707199", "0.01630423", "0.03366268"};
        String[] library = {"0.55615316", "0.07040542", "0.00709573", "0.01634811", "0.03374891"};
        double[] p = Uniformization.of(g).stateProbabilities(0.2);
        double[] euler = EulerDistribution.of(g).stateProbabilities(0.2);
        for (int i = 0; i < states.length; i++) {
            int v = States.vertex(g, states[i]);
            assertMatchesRounded(p[v], exact[i], "exact P(X_0.2 = " + v + ")");
            assertMatchesRounded(euler[v], library[i], "Euler P(X_0.2 = " + v + ")");
        }
        assertThat(p[0]).isZero();
        assertThat(p[States.vertex(g, 0, 0)]).as("absorbing").isZero();
    }

    /** §4: sums of accumulated visiting times, exact and (Euler) as the library prints them. */
    @Test
    void rabbitsAccumulatedVisitingTimes() {
        Graph g = Rabbits.graph(2, 2, 4);
        double[] right = Rabbits.rabbitsOn(g, 1);
        double[] anyRight = new double[g.vertexCount()];
        for (int v = 1; v < g.vertexCount(); v++) {
            anyRight[v] = right[v] > 0 ? 1 : 0;
        }
        Uniformization d = Uniformization.of(g);
        assertMatchesRounded(d.truncatedExpectation(anyRight, 0.5), "0.04042445", "exact Σ a(0.5)·[R > 0]");
        assertMatchesRounded(d.truncatedExpectation(right, 0.05), "0.00111381", "exact Σ a(0.05)·R");
        double[] ones = new double[g.vertexCount()];
        java.util.Arrays.fill(ones, 1);
        assertMatchesRounded(d.truncatedExpectation(ones, 10), "0.503826530601", "Σ a(10) ≈ E[T]");

        EulerDistribution e = EulerDistribution.of(g);
        assertMatchesRounded(e.truncatedExpectation(anyRight, 0.5), "0.04053231796", "Euler Σ a(0.5)·[R > 0]");
        assertMatchesRounded(e.truncatedExpectation(right, 0.05), "0.0011713", "Euler Σ a(0.05)·R");
        assertMatchesRounded(EulerDistribution.of(g, 1e6).truncatedExpectation(right, 0.05), "0.00111383",
                "Euler Σ a(0.05)·R at g = 10⁶");
    }

    /** §4: reward_transform(rabbits on the right) has defect 2/3 (a flood before any jump). */
    @Test
    void rewardedDistributionHasTheTransformsDefect() {
        Graph g = Rabbits.graph(2, 2, 4);
        Uniformization y = Uniformization.ofReward(g, Rabbits.rabbitsOn(g, 1));
        assertClose(y.cdf(0), 2.0 / 3, 1e-12, "P(Y = 0)");
        assertClose(y.cdf(60), 1, 1e-10, "F_Y(60)");
    }

    /** §5.2: the n = 4 TMRCA density, exact, and the library's Euler value at t = 10. */
    @Test
    void kingmanFourTmrcaDensity() {
        double[] t = {0.5, 1, 1.5, 2};
        for (Graph g : new Graph[] {Coalescent.lineageCounting(4), Coalescent.blockCounting(4)}) {
            Uniformization d = Uniformization.of(g);
            assertRounded(d.pdf(t), "pdf", "0.482109", "0.515796", "0.368455", "0.236175");
            assertMatchesRounded(d.pdf(10), "8.171987e-5", "pdf(10)");
            assertMatchesRounded(EulerDistribution.of(g).pdf(10), "8.140105759e-05", "Euler pdf(10)");
        }
    }

    /** §5.2: n = 10 density, exact, and the Euler values phasic's pmf_from_graph printed (default g). */
    @Test
    void kingmanTenDensity() {
        Graph g = Coalescent.lineageCounting(10);
        double[] t = {0.5, 1, 1.5};
        assertRounded(Uniformization.of(g).pdf(t), "pdf", "0.204722", "0.525693", "0.458310");
        double[] euler = EulerDistribution.of(g).pdf(t);
        double[] printed = {0.20364076, 0.52639395, 0.45874614};
        for (int i = 0; i < t.length; i++) {
            assertClose(euler[i], printed[i], 2e-8, "Euler pdf(" + t[i] + ") (printed in single precision)");
        }
    }

    /**
     * §5.3: segregating sites for n = 2, μ = 0.1: the embedded chain A → M (mutation, 2μ/(1+2μ)), M → A, A → abs
     * (1/(1+2μ)) with reward 1 on M counts the mutations; P(S = 0) is the transformed graph's defect.
     */
    @Test
    void segregatingSitesAreGeometric() {
        double mu = 0.1;
        Graph g = NamedGraph.discrete("A", "M", "abs").start("A", 1).edge("A", "M", 2 * mu / (1 + 2 * mu))
                .edge("A", "abs", 1 / (1 + 2 * mu)).edge("M", "A", 1).build();
        double[] rewards = {0, 0, 1, 0};
        DiscreteDistribution s = DiscreteDistribution.ofReward(g, rewards);
        assertRounded(s.pmf(new int[] {0, 1, 2, 3}), "P(S = k)", "0.833333", "0.138889", "0.023148", "0.003858");
        assertClose(s.graph().defect(), 1 / (1 + 2 * mu), 1e-12, "defect = P(S = 0)");
    }

    /** §9.3: geometric (stay 0.7, exit 0.3). */
    @Test
    void geometricPmf() {
        Graph g = NamedGraph.discrete("A", "abs").start("A", 1).edge("A", "abs", 0.3).build();
        DiscreteDistribution d = DiscreteDistribution.of(g);
        double[] pmf = d.pmf(new int[] {0, 1, 2, 3});
        assertClose(pmf[0], 0, 0, "pmf(0)");
        assertClose(pmf[1], 0.3, 1e-15, "pmf(1)");
        assertClose(pmf[2], 0.21, 1e-15, "pmf(2)");
        assertClose(pmf[3], 0.147, 1e-15, "pmf(3)");
        assertClose(d.cdf(3), 1 - Math.pow(0.7, 3), 1e-15, "cdf(3)");
    }

    /** §6: start→v1; v1→v2 0.5θ; v2→v1 0.3θ; v2→abs 0.7θ at θ = 2. */
    @Test
    void backEdgeDensity() {
        Graph g = NamedGraph.parameterized(1, "v1", "v2", "abs").start("v1", 1).parameterizedEdge("v1", "v2", 0.5)
                .parameterizedEdge("v2", "v1", 0.3).parameterizedEdge("v2", "abs", 0.7).build();
        assertRounded(Uniformization.of(g.at(new double[] {2})).pdf(T4), "pdf", "0.120670", "0.342492",
                "0.358556", "0.232969");
    }

    /** §6: triangle a→b 1.5, b→c 1.5, c→a 0.6, c→abs 0.9. */
    @Test
    void triangleDensity() {
        Graph g = NamedGraph.parameterized(1, "a", "b", "c", "abs").start("a", 1).parameterizedEdge("a", "b", 1)
                .parameterizedEdge("b", "c", 1).parameterizedEdge("c", "a", 0.4).parameterizedEdge("c", "abs", 0.6)
                .build();
        assertRounded(Uniformization.of(g.at(new double[] {1.5})).pdf(T4), "pdf", "0.008715", "0.119904",
                "0.231023", "0.239112");
    }

    /** §6: high self-loop v1→v2 0.9; v2→v1 0.9; v2→abs 0.1. */
    @Test
    void highSelfLoopDensity() {
        Graph g = NamedGraph.continuous("v1", "v2", "abs").start("v1", 1).edge("v1", "v2", 0.9).edge("v2", "v1", 0.9)
                .edge("v2", "abs", 0.1).build();
        assertRounded(Uniformization.of(g).pdf(T4), "pdf", "0.008195", "0.028942", "0.039715", "0.044067");
    }

    /** §6 acyclic references: the n = 3 coalescent at θ = 2 (rates 6, 2). */
    @Test
    void coalescentThreeAtThetaTwo() {
        Uniformization d = Uniformization.of(Coalescent.lineageCountingParameterized(3).at(new double[] {2}));
        assertRounded(d.pdf(T4), "pdf", "0.809757", "0.954277", "0.398570", "0.054928");
        assertRounded(d.cdf(T4), "cdf", "0.046310", "0.473074", "0.798236", "0.972530");
    }

    /** §6 acyclic references: Erlang(3) at θ = 3. */
    @Test
    void erlangThreeAtThetaThree() {
        Graph g = NamedGraph.parameterized(1, "1", "2", "3", "abs").start("1", 1).parameterizedEdge("1", "2", 1)
                .parameterizedEdge("2", "3", 1).parameterizedEdge("3", "abs", 1).build();
        Uniformization d = Uniformization.of(g.at(new double[] {3}));
        assertRounded(d.pdf(T4), "pdf", "0.100010", "0.753064", "0.672125", "0.133853");
        assertRounded(d.cdf(T4), "cdf", "0.003599", "0.191153", "0.576810", "0.938031");
    }

    /**
     * §6 acyclic references, "branching" at θ = (2, 1.5): the table gives no structure; its E = 4/7 and
     * Var = 8/49 and its values are those of Erlang(2, θ₁ + θ₂), which this graph has (A branches by θ₁ and θ₂
     * into two vertices that both leave at rate θ₁ + θ₂).
     */
    @Test
    void branchingAtThetaTwoAndOneHalf() {
        Graph g = NamedGraph.parameterized(2, "A", "B", "C", "abs").start("A", 1).parameterizedEdge("A", "B", 1, 0)
                .parameterizedEdge("A", "C", 0, 1).parameterizedEdge("B", "abs", 1, 1)
                .parameterizedEdge("C", "abs", 1, 1).build();
        Uniformization d = Uniformization.of(g.at(new double[] {2, 1.5}));
        assertRounded(d.pdf(T4), "pdf", "0.863243", "1.064365", "0.369918", "0.022341");
        assertRounded(d.cdf(T4), "cdf", "0.048671", "0.522122", "0.864112", "0.992705");
    }

    /** §8: parameterized birth/death, symmetric in θ. */
    @ParameterizedTest(name = "θ = ({0}, {1})")
    @CsvSource({"1, 2, 0.066368, 0.218518, 0.325307, 0.059914", "2, 1, 0.066368, 0.218518, 0.325307, 0.059914",
        "1.5, 1.5, 0.083444, 0.269008, 0.365967, 0.035880"})
    void birthDeathDensity(double theta1, double theta2, String f1, String f2, String f3, String f4) {
        Graph g = StateSpace.of(2).parameters(2).initial(new int[] {2, 0}, 1).explore((s, out) -> {
            if (s[0] > 0) {
                out.addParameterized(new int[] {s[0] - 1, s[1] + 1}, 1, 0);
            }
            if (s[1] > 0) {
                out.addParameterized(new int[] {s[0], s[1] - 1}, 0, 1);
            }
        });
        assertThat(g.vertexCount()).isEqualTo(7);
        assertRounded(Uniformization.of(g.at(new double[] {theta1, theta2})).pdf(new double[] {0.5, 1, 2, 5}),
                "pdf", f1, f2, f3, f4);
    }
}
