package org.jphasic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertMatchesRounded;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.stream.IntStream;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kingman's coalescent, acceptance-values.md §5: the lineage-counting model for n = 2..15 against the closed
 * forms of §5.1 (E[T_MRCA] = 2(1 − 1/n), Var = Σ_{k=2}^n (2/(k(k−1)))², total branch length E = 2Σ_{i&lt;n} 1/i,
 * Var = 4Σ_{i&lt;n} 1/i²), and the block-counting (SFS) model of §5.2: p(n) + 1 vertices, E[L_i] = 2/i, the
 * TMRCA, the n = 4 and n = 5 covariance matrices of the L_i and the n = 6 moments (§12 sizes included).
 */
class CoalescentAcceptanceTest {
    private static final double TOLERANCE = 1e-9;

    static IntStream sampleSizes() {
        return IntStream.rangeClosed(2, 15);
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sampleSizes")
    void lineageCountingTmrcaMeanAndVariance(int n) {
        Moments m = Moments.of(Coalescent.lineageCounting(n));
        assertRelativelyClose(m.expectation(), 2 * (1 - 1.0 / n), TOLERANCE, "E[T_MRCA]");
        assertRelativelyClose(m.variance(), tmrcaVariance(n), TOLERANCE, "Var[T_MRCA]");
    }

    /** §5.1: the table's closed form of Var[T_MRCA] is the same sum. */
    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sampleSizes")
    void lineageCountingVarianceMatchesTheTablesClosedForm(int n) {
        double harmonic2 = 0;
        for (int j = 1; j < n; j++) {
            harmonic2 += 1.0 / ((double) j * j);
        }
        double closedForm = 8 * harmonic2 - 4 + 4.0 / ((double) n * n) - 8 * (1 - 1.0 / n);
        assertRelativelyClose(Moments.of(Coalescent.lineageCounting(n)).variance(), closedForm, TOLERANCE,
                "Var[T_MRCA]");
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sampleSizes")
    void lineageCountingTotalBranchLengthMeanAndVariance(int n) {
        Graph g = Coalescent.lineageCounting(n);
        double[] lineages = Coalescent.lineageRewards(g);
        double harmonic = 0;
        double harmonic2 = 0;
        for (int i = 1; i < n; i++) {
            harmonic += 1.0 / i;
            harmonic2 += 1.0 / ((double) i * i);
        }
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(lineages), 2 * harmonic, TOLERANCE, "E[L]");
        assertRelativelyClose(m.variance(lineages), 4 * harmonic2, TOLERANCE, "Var[L]");
    }

    /** §5.1 n = 10: E, Var, E[T²] = 1.8, 1.1581418493, 4.3981418493; E[L] = 5.6579365079, Var[L] = 6.1590709. */
    @Test
    void lineageCountingTenSamplesPrintedValues() {
        Graph g = Coalescent.lineageCounting(10);
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), 1.8, TOLERANCE, "E");
        assertMatchesRounded(m.variance(), "1.1581418493", "Var");
        assertMatchesRounded(m.moments(2)[1], "4.3981418493", "E[T^2]");
        double[] lineages = Coalescent.lineageRewards(g);
        assertMatchesRounded(m.expectation(lineages), "5.6579365079", "E[L]");
        assertMatchesRounded(m.variance(lineages), "6.1590709", "Var[L]");
    }

    /** Parameterized form: rate θ·C(k, 2), so the m-th moment scales as θ^{−m}. */
    @ParameterizedTest(name = "theta = {0}")
    @ValueSource(doubles = {0.5, 2, 3.7})
    void parameterizedLineageCountingMomentsScaleAsThetaToTheMinusM(double theta) {
        double[] plain = Moments.of(Coalescent.lineageCounting(6)).moments(3);
        double[] scaled = Moments.of(Coalescent.lineageCountingParameterized(6).at(new double[] {theta})).moments(3);
        for (int k = 1; k <= 3; k++) {
            assertRelativelyClose(scaled[k - 1], plain[k - 1] / Math.pow(theta, k), TOLERANCE, "E[T^" + k + "]");
        }
    }

    /** §5.2 and §12: p(n) + 1 vertices; the table's numbers and an independent partition count agree. */
    @ParameterizedTest(name = "n = {0}")
    @CsvSource({"4, 6", "7, 16", "10, 43", "15, 177", "20, 628", "30, 5605", "36, 17978", "40, 37339",
        "48, 147274"})
    void blockCountingHasPartitionsPlusOneVertices(int n, int vertices) {
        assertThat(partitions(n) + 1).as("p(%d) + 1", n).isEqualTo(vertices);
        assertThat(Coalescent.blockCounting(n).vertexCount()).isEqualTo(vertices);
    }

    /** §5.2: the edge counts of the table. */
    @ParameterizedTest(name = "n = {0}")
    @CsvSource({"20, 3546", "30, 48298", "40, 432938"})
    void blockCountingEdgeCounts(int n, int edges) {
        assertThat(Coalescent.blockCounting(n).edgeCount()).isEqualTo(edges);
        assertThat(Coalescent.blockCountingParameterized(n).edgeCount()).isEqualTo(edges);
    }

    /** §5.2: E[L_i] = 2/i for i = 1..n−1 (checked for n = 4, 7, 10 in the table; n = 2, 3 rows: [2], [2, 1]). */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void blockCountingBranchLengthsAreTwoOverI(int n) {
        Graph g = Coalescent.blockCounting(n);
        double[][] sfs = Coalescent.sfsRewards(g);
        assertThat(sfs.length).isEqualTo(n - 1);
        Moments m = Moments.of(g);
        for (int i = 1; i < n; i++) {
            assertRelativelyClose(m.expectation(sfs[i - 1]), 2.0 / i, TOLERANCE, "E[L_" + i + "]");
        }
    }

    /**
     * §5.2 n = 4: every state slot as a reward vector gives [2, 1, 0.667, 0] (the last slot, a lineage carrying
     * all four samples, exists only in the absorbing state, whose reward is ignored).
     */
    @Test
    void blockCountingFourEveryStateSlotAsReward() {
        Graph g = Coalescent.blockCounting(4);
        Moments m = Moments.of(g);
        double[] expected = {2, 1, 2.0 / 3, 0};
        for (int slot = 0; slot < 4; slot++) {
            double[] r = new double[g.vertexCount()];
            for (int v = 1; v < g.vertexCount(); v++) {
                r[v] = g.stateValue(v, slot);
            }
            assertRelativelyClose(m.expectation(r), expected[slot], TOLERANCE, "slot " + slot);
        }
    }

    /** §5.2: E[T_MRCA] = 2(1 − 1/n) and the TMRCA variance of §5.1, on the block-counting graph. */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 10, 15})
    void blockCountingTmrcaMeanAndVariance(int n) {
        Moments m = Moments.of(Coalescent.blockCounting(n));
        assertRelativelyClose(m.expectation(), 2 * (1 - 1.0 / n), TOLERANCE, "E[T_MRCA]");
        assertRelativelyClose(m.variance(), tmrcaVariance(n), TOLERANCE, "Var[T_MRCA]");
    }

    /** §5.2 table rows printed with digits: n = 4 Var 1.1388888888888884, n = 15 E 1.866666666666666. */
    @Test
    void blockCountingPrintedTmrcaValues() {
        assertRelativelyClose(Moments.of(Coalescent.blockCounting(4)).variance(), 1.1388888888888884, TOLERANCE,
                "Var, n = 4");
        Moments fifteen = Moments.of(Coalescent.blockCounting(15));
        assertRelativelyClose(fifteen.expectation(), 1.866666666666666, TOLERANCE, "E, n = 15");
        assertMatchesRounded(fifteen.variance(), "1.159078", "Var, n = 15");
        Graph g = Coalescent.blockCounting(15);
        assertMatchesRounded(Moments.of(g).expectation(Coalescent.lineageRewards(g)), "6.503125", "E[L], n = 15");
    }

    /** §5.2 n = 4: Cov(L_i, L_j), i, j = 1..3, printed with 6 decimals (exactly 16/9, −2/9, 8/9, 7/3, −4/9). */
    @Test
    void blockCountingFourCovarianceMatrix() {
        assertCovarianceMatrix(4, new String[][] {
            {"1.777778", "-0.222222", "0.888889"},
            {"-0.222222", "2.333333", "-0.444444"},
            {"0.888889", "-0.444444", "0.888889"}});
    }

    @Test
    void blockCountingFiveCovarianceMatrix() {
        assertCovarianceMatrix(5, new String[][] {
            {"1.611111", "-0.194444", "-0.111111", "0.777778"},
            {"-0.194444", "1.222222", "0.722222", "-0.305556"},
            {"-0.111111", "0.722222", "0.777778", "-0.222222"},
            {"0.777778", "-0.305556", "-0.222222", "0.75"}});
    }

    /**
     * §5.2 n = 6 (the R variant has the same TMRCA): moments(4) = [1.666667, 3.931111, 12.482222, 50.914400],
     * 12 vertices, E[ξ] = [2, 1, 0.6667, 0.5, 0.4], cov(ξ1, ξ2) = −0.1733333, cov(ξ1, ξ3) = −0.1.
     */
    @Test
    void blockCountingSixMomentsAndCovariances() {
        Graph g = Coalescent.blockCounting(6);
        assertThat(g.vertexCount()).isEqualTo(12);
        Moments m = Moments.of(g);
        assertMatchesRounded(m.moments(4), new String[] {"1.666667", "3.931111", "12.482222", "50.914400"},
                "moments(4)");
        assertMatchesRounded(m.variance(), "1.153333", "Var");
        double[][] sfs = Coalescent.sfsRewards(g);
        assertMatchesRounded(m.covariance(sfs[0], sfs[1]), "-0.1733333", "cov(ξ1, ξ2)");
        assertRelativelyClose(m.covariance(sfs[0], sfs[2]), -0.1, TOLERANCE, "cov(ξ1, ξ3)");
    }

    /** Parameterized block counting at θ: E[L_i] = 2/(iθ). */
    @Test
    void parameterizedBlockCountingBranchLengthsScaleAsOneOverTheta() {
        Graph g = Coalescent.blockCountingParameterized(7).at(new double[] {2.5});
        double[][] sfs = Coalescent.sfsRewards(g);
        Moments m = Moments.of(g);
        for (int i = 1; i < 7; i++) {
            assertRelativelyClose(m.expectation(sfs[i - 1]), 2.0 / (i * 2.5), TOLERANCE, "E[L_" + i + "]");
        }
    }

    private static void assertCovarianceMatrix(int n, String[][] printed) {
        Graph g = Coalescent.blockCounting(n);
        double[][] cov = Moments.of(g).covarianceMatrix(Coalescent.sfsRewards(g));
        assertThat(cov).hasDimensions(n - 1, n - 1);
        for (int i = 0; i < n - 1; i++) {
            assertMatchesRounded(cov[i], printed[i], "Cov row " + (i + 1));
        }
    }

    /** Σ_{k=2}^n (2/(k(k−1)))². */
    private static double tmrcaVariance(int n) {
        double sum = 0;
        for (int k = 2; k <= n; k++) {
            double mean = 2.0 / ((double) k * (k - 1));
            sum += mean * mean;
        }
        return sum;
    }

    /** The number of integer partitions of n, by the usual dynamic programme over part sizes. */
    private static long partitions(int n) {
        long[] p = new long[n + 1];
        p[0] = 1;
        for (int part = 1; part <= n; part++) {
            for (int total = part; total <= n; total++) {
                p[total] += p[total - part];
            }
        }
        return p[n];
    }
}
