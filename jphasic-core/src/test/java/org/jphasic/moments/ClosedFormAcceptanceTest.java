package org.jphasic.moments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertMatchesRounded;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import org.jphasic.graph.Graph;
import org.jphasic.testing.NamedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Moments of the small closed-form models of acceptance-values.md §2 (rows 1–7, 5b, 11 and "IPV not summing
 * to 1") and of the tiny chains of §3 (the moment and expected-waiting-time rows). Exact values (closed forms,
 * or decimals that are exact) are compared to 1e-9 relative; values the table prints rounded are compared to
 * the digits printed.
 */
class ClosedFormAcceptanceTest {
    private static final double TOLERANCE = 1e-9;

    /** §2 row 1: Exp(λ) has E[T^k] = k!/λ^k and Var = 1/λ². */
    @ParameterizedTest(name = "lambda = {0}")
    @ValueSource(doubles = {0.5, 1, 2, 7.25})
    void exponentialMomentsAreFactorialOverLambdaToTheK(double lambda) {
        Graph g = NamedGraph.continuous("A", "abs").start("A", 1).edge("A", "abs", lambda).build();
        Moments m = Moments.of(g);
        double[] expected = new double[5];
        double factorial = 1;
        for (int k = 1; k <= 5; k++) {
            factorial *= k;
            expected[k - 1] = factorial / Math.pow(lambda, k);
        }
        assertRelativelyClose(m.moments(5), expected, TOLERANCE, "E[T^k] of Exp(" + lambda + ")");
        assertRelativelyClose(m.variance(), 1 / (lambda * lambda), TOLERANCE, "Var of Exp(" + lambda + ")");
    }

    /** §2 row 2 (and row 5b for k = 3, λ = 2): Erlang(k, λ) has E = k/λ, Var = k/λ², E[T²] = k(k+1)/λ². */
    @ParameterizedTest(name = "k = {0}, lambda = {1}")
    @CsvSource({"1, 1", "2, 0.5", "3, 2", "5, 3", "8, 1.5"})
    void erlangChainHasClosedFormMoments(int k, double lambda) {
        Graph g = erlangChain(k, lambda);
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), k / lambda, TOLERANCE, "E");
        assertRelativelyClose(m.variance(), k / (lambda * lambda), TOLERANCE, "Var");
        assertRelativelyClose(m.moments(2)[1], k * (k + 1) / (lambda * lambda), TOLERANCE, "E[T^2]");
    }

    /** §2 row 5b: Erlang(3, 2) has E = 1.5 and E[T²] = 3. */
    @Test
    void erlangThreeTwoHasMeanOneAndAHalfAndSecondMomentThree() {
        assertRelativelyClose(Moments.of(erlangChain(3, 2)).moments(2), new double[] {1.5, 3.0}, TOLERANCE,
                "Erlang(3, 2)");
    }

    /** §2 row 3 and §3 (the `moments` docstring graph): hypoexponential S→A, A→B 4, B→abs 10. */
    @Test
    void hypoexponentialRawMomentsAndVariance() {
        Moments m = Moments.of(hypoexponential());
        assertRelativelyClose(m.moments(3), new double[] {0.35, 0.195, 0.15225}, TOLERANCE, "raw moments");
        assertRelativelyClose(m.variance(), 0.0725, TOLERANCE, "variance");
    }

    /** §2 row 3b: rewards (S, A, B, abs) = (0, 2, 1, 0). */
    @Test
    void hypoexponentialRewardedMomentsAndVariance() {
        Moments m = Moments.of(hypoexponential());
        double[] r = {0, 2, 1, 0};
        assertRelativelyClose(m.moments(3, r), new double[] {0.6, 0.62, 0.936}, TOLERANCE, "rewarded moments");
        assertRelativelyClose(m.variance(r), 0.26, TOLERANCE, "rewarded variance");
    }

    /** §2 row 3c: Cov(r = (0,2,1,0), r' = (0,5,2,0)) = 0.645. */
    @Test
    void hypoexponentialCovarianceOfTwoRewards() {
        double cov = Moments.of(hypoexponential()).covariance(new double[] {0, 2, 1, 0}, new double[] {0, 5, 2, 0});
        assertRelativelyClose(cov, 0.645, TOLERANCE, "covariance");
    }

    /** §2 row 4: hyperexponential S→A 0.4, S→B 0.6, A→abs 1, B→abs 3; the table prints 5 decimals. */
    @Test
    void hyperexponentialMomentsAndVariance() {
        Graph g = NamedGraph.continuous("A", "B", "abs")
                .start("A", 0.4).start("B", 0.6).edge("A", "abs", 1).edge("B", "abs", 3).build();
        Moments m = Moments.of(g);
        assertMatchesRounded(m.moments(3), new String[] {"0.6", "0.93333", "2.53333"}, "raw moments");
        assertMatchesRounded(m.variance(), "0.57333", "variance");
        // and the exact values 0.4·k! + 0.6·k!/3^k
        assertRelativelyClose(m.moments(3), new double[] {0.6, 14.0 / 15, 38.0 / 15}, TOLERANCE, "exact moments");
    }

    /** §2 row 5: S→A 0.7, S→abs 0.3, A→abs 1 has defect 0.3 and E = 0.7. */
    @Test
    void explicitDefectEdgeGivesDefectAndUnconditionalMean() {
        Graph g = NamedGraph.continuous("A", "abs").start("A", 0.7).start("abs", 0.3).edge("A", "abs", 1).build();
        assertRelativelyClose(g.defect(), 0.3, TOLERANCE, "defect");
        assertRelativelyClose(Moments.of(g).expectation(), 0.7, TOLERANCE, "E");
    }

    /**
     * §2 "IPV not summing to 1": S→A 0.7 and A→abs 1 with no defect edge. jphasic keeps the missing 0.3 as a
     * defect (mass absorbed at time 0) and does not normalise the initial probabilities, so E = 0.7, E[T²] = 1.4
     * and the defect is 0.3, the same as with the explicit defect edge. This deliberately differs from the
     * reference's moment replay, which conditions on α and gives E = 1.0.
     */
    @Test
    void initialProbabilitiesBelowOneAreADefectNotNormalised() {
        Graph g = NamedGraph.continuous("A", "abs").start("A", 0.7).edge("A", "abs", 1).build();
        assertRelativelyClose(g.defect(), 0.3, TOLERANCE, "defect");
        Moments m = Moments.of(g);
        assertRelativelyClose(m.moments(2), new double[] {0.7, 1.4}, TOLERANCE, "E, E[T^2]");
        assertRelativelyClose(m.residenceTimes()[1], 0.7, TOLERANCE, "residence time of A");
    }

    /** §2 row 6 and §6 "cyclic test": S→A; A→B 1; B→A 1; B→abs 1. */
    @Test
    void cyclicGraphMomentsAndPerVertexExpectations() {
        Graph g = NamedGraph.continuous("A", "B", "abs")
                .start("A", 1).edge("A", "B", 1).edge("B", "A", 1).edge("B", "abs", 1).build();
        Moments m = Moments.of(g);
        assertRelativelyClose(m.moments(3), new double[] {3, 16, 126}, TOLERANCE, "raw moments");
        assertRelativelyClose(m.variance(), 7, TOLERANCE, "variance");
        double[] x = m.expectedWaitingTimes();
        assertRelativelyClose(x[1], 3, TOLERANCE, "x_A");
        assertRelativelyClose(x[2], 2, TOLERANCE, "x_B");
    }

    /**
     * §2 row 7 and §6 "keynote" (paper Fig. 3): A→B 0.12, A→abs 0.08, B→C 0.25, B→abs 0.25, C→A 0.2. Expected
     * waiting times [11, 11, 10, 16, 0], Var = 139, and per-vertex variances 2·ewt(ewt) − ewt² =
     * [139, 139, 150, 164, 0].
     */
    @Test
    void paperFigureThreeExpectedWaitingTimesAndVariances() {
        Graph g = NamedGraph.continuous("A", "B", "C", "abs").start("A", 1)
                .edge("A", "B", 0.12).edge("A", "abs", 0.08).edge("B", "C", 0.25).edge("B", "abs", 0.25)
                .edge("C", "A", 0.2).build();
        Moments m = Moments.of(g);
        double[] ewt = m.expectedWaitingTimes();
        assertRelativelyClose(ewt, new double[] {11, 11, 10, 16, 0}, TOLERANCE, "expected waiting times");
        assertRelativelyClose(m.variance(), 139, TOLERANCE, "variance");
        double[] second = m.expectedWaitingTimes(ewt);
        double[] perVertexVariance = new double[ewt.length];
        for (int v = 0; v < ewt.length; v++) {
            perVertexVariance[v] = 2 * second[v] - ewt[v] * ewt[v];
        }
        assertRelativelyClose(perVertexVariance, new double[] {139, 139, 150, 164, 0}, TOLERANCE,
                "2·ewt(ewt) − ewt²");
    }

    /**
     * §2 row 11 and §9.3: the discrete geometric distribution S→A, A→abs 0.3 (stay 0.7). E = 1/0.3,
     * Var = m₂ − m₁ − m₁² = 0.7/0.09 (the reference's unrewarded formula m₂ − 2m₁ = 15.556 is wrong, §14), and
     * the rising factorial moment k!·πU^k·1 at k = 2 is 2/p² = 22.222.
     */
    @Test
    void discreteGeometricMeanVarianceAndRisingFactorialMoment() {
        Graph g = NamedGraph.discrete("A", "abs").start("A", 1).edge("A", "abs", 0.3).build();
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), 1 / 0.3, TOLERANCE, "E");
        assertRelativelyClose(m.variance(), 0.7 / 0.09, TOLERANCE, "Var");
        assertMatchesRounded(m.variance(), "7.7778", "Var as printed");
        assertRelativelyClose(m.risingFactorialMoments(2), new double[] {1 / 0.3, 2 / 0.09}, TOLERANCE,
                "rising factorial moments");
        assertMatchesRounded(m.risingFactorialMoments(2)[1], "22.222", "E[τ(τ+1)] as printed");
        // raw second moment E[τ²] = (2 − p)/p²
        assertRelativelyClose(m.moments(2)[1], 1.7 / 0.09, TOLERANCE, "E[τ²]");
    }

    /** §3: start→[1] (w 1); [1]→[2] rate 2 has E = 0.5, Var = 0.25, E[T³] = 0.75. */
    @Test
    void quickstartExponentialTwo() {
        Moments m = Moments.of(NamedGraph.continuous("1", "2").start("1", 1).edge("1", "2", 2).build());
        assertRelativelyClose(m.expectation(), 0.5, TOLERANCE, "E");
        assertRelativelyClose(m.variance(), 0.25, TOLERANCE, "Var");
        assertRelativelyClose(m.moments(3)[2], 0.75, TOLERANCE, "E[T^3]");
    }

    /**
     * §3: start→[1]→[2]→[3] with rates 1, 1 has E = 2 (the start edge carries no time), and with rewards
     * [0, 2, 5, 0] the expected accumulated reward from the start is 7.
     */
    @Test
    void startEdgeCarriesNoTimeAndRewardedWaitingTime() {
        Graph g = NamedGraph.continuous("1", "2", "3").start("1", 1).edge("1", "2", 1).edge("2", "3", 1).build();
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), 2.0, TOLERANCE, "E");
        assertRelativelyClose(m.expectedWaitingTimes(new double[] {0, 2, 5, 0})[0], 7.0, TOLERANCE, "ewt(r)[0]");
    }

    /**
     * §3 (S4 showcase): Erlang 3 with rates 1: ewt = [3, 3, 2, 1, 0], moments(3) = [3, 12, 60], Var = 3,
     * ewt(ewt) = [6, 6, 3, 1, 0].
     */
    @Test
    void erlangThreeShowcaseWaitingTimesAndMoments() {
        Moments m = Moments.of(erlangChain(3, 1));
        double[] ewt = m.expectedWaitingTimes();
        assertRelativelyClose(ewt, new double[] {3, 3, 2, 1, 0}, TOLERANCE, "ewt");
        assertRelativelyClose(m.moments(3), new double[] {3, 12, 60}, TOLERANCE, "moments(3)");
        assertRelativelyClose(m.variance(), 3, TOLERANCE, "Var");
        assertRelativelyClose(m.expectedWaitingTimes(ewt), new double[] {6, 6, 3, 1, 0}, TOLERANCE, "ewt(ewt)");
    }

    /** §3 (coalescent-jointprob): [1]→[2]→[3], rate 4 each: E = 0.5, ewt = [0.5, 0.5, 0.25, 0]. */
    @Test
    void rateFourChainWaitingTimes() {
        Graph g = NamedGraph.continuous("1", "2", "3").start("1", 1).edge("1", "2", 4).edge("2", "3", 4).build();
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), 0.5, TOLERANCE, "E");
        assertRelativelyClose(m.expectedWaitingTimes(), new double[] {0.5, 0.5, 0.25, 0}, TOLERANCE, "ewt");
    }

    /** §3: a parameterized edge with coefficients [2, 0.5] at θ = [1, 3] has weight 3.5, so E = 1/3.5. */
    @Test
    void parameterizedEdgeWeightIsTheDotProduct() {
        Graph g = NamedGraph.parameterized(2, "v1", "abs").start("v1", 1)
                .parameterizedEdge("v1", "abs", 2.0, 0.5).build().at(new double[] {1, 3});
        assertThat(g.edgeWeight(g.edgeStart(1))).isEqualTo(3.5);
        assertRelativelyClose(Moments.of(g).expectation(), 1 / 3.5, TOLERANCE, "E");
    }

    /** §3 from_matrices: α = [0.6, 0.4], S = [[-2, 1], [0, -3]]: E = 0.533333, E[T²] = 0.555556. */
    @Test
    void fromMatricesExampleMoments() {
        Graph g = NamedGraph.continuous("A", "B", "abs").start("A", 0.6).start("B", 0.4)
                .edge("A", "B", 1).edge("A", "abs", 1).edge("B", "abs", 3).build();
        assertMatchesRounded(Moments.of(g).moments(2), new String[] {"0.533333", "0.555556"}, "moments");
    }

    /** §3 R showcase: α = (1,0,0,0), S = [[-6,6,0,0],[0,-3,1,2],[0,0,-1,0],[0,0,0,-1]] has E = 1.5. */
    @Test
    void rShowcaseExpectation() {
        Graph g = NamedGraph.continuous("1", "2", "3", "4", "abs").start("1", 1)
                .edge("1", "2", 6).edge("2", "3", 1).edge("2", "4", 2).edge("3", "abs", 1).edge("4", "abs", 1)
                .build();
        assertRelativelyClose(Moments.of(g).expectation(), 1.5, TOLERANCE, "E");
    }

    /** S→A, A→B 4, B→abs 10 (§2 row 3). */
    private static Graph hypoexponential() {
        return NamedGraph.continuous("A", "B", "abs").start("A", 1).edge("A", "B", 4).edge("B", "abs", 10).build();
    }

    /** S→1→2→…→k→abs with every rate λ. */
    static Graph erlangChain(int k, double lambda) {
        String[] names = new String[k + 1];
        for (int i = 0; i < k; i++) {
            names[i] = "s" + (i + 1);
        }
        names[k] = "abs";
        NamedGraph g = NamedGraph.continuous(names).start("s1", 1);
        for (int i = 0; i < k; i++) {
            g.edge(names[i], names[i + 1], lambda);
        }
        return g.build();
    }
}
