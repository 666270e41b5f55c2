package org.jphasic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertMatchesRounded;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two-locus ancestral recombination graph for two samples, acceptance-values.md §7: 10 vertices,
 * E[T_A] = E[T_B] = 1, Hudson's Cov(T_A, T_B) = (ρ + 18)/(ρ² + 13ρ + 18), the expected time until both loci
 * have found their ancestor (the absorption time), and the parameterized form at θ = (1, ρ).
 */
class TwoLocusAcceptanceTest {
    private static final double TOLERANCE = 1e-9;

    @ParameterizedTest(name = "rho = {0}")
    @ValueSource(doubles = {0.001, 1, 2, 10})
    void tenVerticesAndUnitLocusExpectations(double rho) {
        Graph g = TwoLocus.graph(rho);
        assertThat(g.vertexCount()).isEqualTo(10);
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(TwoLocus.locusRewards(g, 0)), 1, TOLERANCE, "E[T_A]");
        assertRelativelyClose(m.expectation(TwoLocus.locusRewards(g, 1)), 1, TOLERANCE, "E[T_B]");
    }

    @ParameterizedTest(name = "rho = {0}")
    @ValueSource(doubles = {0.001, 1, 2, 10, 37.5})
    void covarianceIsHudsonsFormula(double rho) {
        assertRelativelyClose(covariance(TwoLocus.graph(rho)), hudson(rho), TOLERANCE, "Cov(T_A, T_B)");
    }

    /** The table's printed values: ρ = 1 → 0.59375, 2 → 0.416667, 10 → 0.112903. */
    @ParameterizedTest(name = "rho = {0}")
    @CsvSource({"1, 0.59375", "2, 0.416667", "10, 0.112903"})
    void covarianceMatchesTheTable(double rho, String printed) {
        assertMatchesRounded(covariance(TwoLocus.graph(rho)), printed, "Cov(T_A, T_B)");
    }

    /**
     * ρ = 0: recombination edges are omitted, so the graph is start → two (1,1) lineages → one (2,2) lineage
     * (3 vertices); T_A = T_B ~ Exp(1) and Cov = Var = 1 = Hudson's formula at 0.
     */
    @Test
    void withoutRecombinationTheLociShareOneExponentialTime() {
        Graph g = TwoLocus.graph(0);
        assertThat(g.vertexCount()).isEqualTo(3);
        assertRelativelyClose(covariance(g), 1, TOLERANCE, "Cov at rho = 0");
        assertRelativelyClose(covariance(TwoLocus.parameterized().at(new double[] {1, 0})), 1, TOLERANCE,
                "Cov of the parameterized form at (1, 0)");
    }

    /** E[max(T_A, T_B)] = E[τ] = 1.203125 (ρ = 1), 1.291667 (ρ = 2), 1.443548 (ρ = 10). */
    @ParameterizedTest(name = "rho = {0}")
    @CsvSource({"1, 1.203125", "2, 1.291667", "10, 1.443548"})
    void expectedTimeUntilBothLociCoalesce(double rho, String printed) {
        assertMatchesRounded(Moments.of(TwoLocus.graph(rho)).expectation(), printed, "E[max(T_A, T_B)]");
    }

    @ParameterizedTest(name = "rho = {0}")
    @ValueSource(doubles = {0.5, 1, 2, 10})
    void parameterizedFormAtOneRhoEqualsTheConstantModel(double rho) {
        Graph constant = TwoLocus.graph(rho);
        Graph parameterized = TwoLocus.parameterized().at(new double[] {1, rho});
        assertThat(parameterized.vertexCount()).isEqualTo(constant.vertexCount());
        assertRelativelyClose(covariance(parameterized), hudson(rho), TOLERANCE, "Cov");
        assertRelativelyClose(Moments.of(parameterized).moments(3), Moments.of(constant).moments(3), TOLERANCE,
                "moments(3)");
    }

    private static double covariance(Graph g) {
        return Moments.of(g).covariance(TwoLocus.locusRewards(g, 0), TwoLocus.locusRewards(g, 1));
    }

    private static double hudson(double rho) {
        return (rho + 18) / (rho * rho + 13 * rho + 18);
    }
}
