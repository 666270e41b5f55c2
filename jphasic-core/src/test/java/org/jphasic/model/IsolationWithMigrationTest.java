package org.jphasic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.MatrixExponential.Truth;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The isolation-with-migration model of models.md: the state-space sizes of the paper, the parameterized forms
 * against the constant ones, and the joint SFS — against a dense-matrix computation of the same definition for
 * 2 + 2 (α e^{ST} and α ∫₀ᵀ e^{Su} du by Padé exponentials, (−S_anc)⁻¹ by LU), against the pooled-sample
 * closed form at T = 0, and, for 7 + 7, its sum against the expected total branch length computed a different
 * way (E[∫₀^∞ L] − P(X_T)·U₁L + P(X_T)·U_anc L, by elimination, without visiting times).
 */
class IsolationWithMigrationTest {
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"2, 2, 47, 10", "3, 3, 269, 32"})
    void stateSpaceSizesMatchTheModelDefinition(int n1, int n2, int twoPopulation, int ancestral) {
        IsolationWithMigration im = IsolationWithMigration.paper(n1, n2);
        assertThat(im.twoPopulationGraph().vertexCount()).isEqualTo(twoPopulation);
        assertThat(im.ancestralGraph().vertexCount()).isEqualTo(ancestral);
        assertThat(im.twoPopulationParameterized().vertexCount()).isEqualTo(twoPopulation);
        assertThat(im.ancestralParameterized().vertexCount()).isEqualTo(ancestral);
    }

    @Test
    void parameterizedFormsAtThetaEqualTheConstantForms() {
        IsolationWithMigration im = IsolationWithMigration.paper(3, 2);
        Graph constant = im.twoPopulationGraph();
        Graph atTheta = im.twoPopulationParameterized().at(im.theta());
        Graph ancestral = im.ancestralGraph();
        Graph ancestralAtTheta = im.ancestralParameterized().at(im.ancestralTheta());
        double[] lineages = lineages(constant);
        assertRelativelyClose(Moments.of(atTheta).moments(3, lineages), Moments.of(constant).moments(3, lineages),
                1e-12, "first phase, total branch length moments");
        assertRelativelyClose(Moments.of(ancestralAtTheta).expectation(), Moments.of(ancestral).expectation(),
                1e-12, "ancestral T_MRCA");
        double[][] a = im.jointSfs();
        double[][] b = im.jointSfs(atTheta, ancestralAtTheta);
        for (int i = 0; i < a.length; i++) {
            assertRelativelyClose(b[i], a[i], 1e-12, "JSFS row " + i);
        }
    }

    /** The definition of models.md evaluated with dense matrices, for 2 + 2. */
    @Test
    void jointSfsMatchesDenseMatrixComputation() {
        IsolationWithMigration im = IsolationWithMigration.paper(2, 2);
        double[][] jsfs = im.jointSfs();
        double[][] dense = denseJointSfs(im);
        for (int i = 0; i <= 2; i++) {
            assertRelativelyClose(jsfs[i], dense[i], 1e-9, "JSFS row " + i);
        }
        assertThat(jsfs[0][0]).isZero();
        assertThat(jsfs[2][2]).isZero();
    }

    /**
     * At T = 0 the populations merge at once: JSFS(i, j) is the pooled sample's SFS, 2N₃/k for k = i + j
     * descendants, split hypergeometrically, C(n₁, i)·C(n₂, j)/C(n₁ + n₂, k).
     */
    @Test
    void zeroSplitTimeGivesThePooledSpectrum() {
        int n1 = 3;
        int n2 = 2;
        double n3 = 1.7;
        IsolationWithMigration im = new IsolationWithMigration(n1, n2, 2, 1, n3, 0.3, 0.5, 0);
        double[][] jsfs = im.jointSfs();
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                int k = i + j;
                double expected = k == 0 || k == n1 + n2 ? 0
                        : 2 * n3 / k * binomial(n1, i) * binomial(n2, j) / binomial(n1 + n2, k);
                assertRelativelyClose(jsfs[i][j], expected, 1e-9, "JSFS(" + i + ", " + j + ")");
            }
        }
    }

    /** The paper's 7 + 7 example: 123,135 and 2,999 vertices; Σ JSFS = expected total branch length. */
    @Test
    @Tag("slow")
    void sevenPlusSevenHasThePapersSizesAndItsSpectrumSumsToTheTreeLength() {
        IsolationWithMigration im = IsolationWithMigration.paper(7, 7);
        Graph first = im.twoPopulationGraph();
        Graph ancestral = im.ancestralGraph();
        assertThat(first.vertexCount()).isEqualTo(123_135);
        assertThat(ancestral.vertexCount()).isEqualTo(2_999);
        double[][] jsfs = im.jointSfs(first, ancestral);
        double sum = Arrays.stream(jsfs).flatMapToDouble(Arrays::stream).sum();
        assertRelativelyClose(sum, expectedTreeLength(im, first, ancestral), 1e-9, "Σ JSFS");
        assertThat(jsfs[1][0]).isGreaterThan(jsfs[2][0]);
    }

    @Test
    void totalBranchLengthIdentityHoldsForSmallCases() {
        for (int[] n : new int[][] {{2, 2}, {3, 2}, {1, 3}}) {
            IsolationWithMigration im = IsolationWithMigration.paper(n[0], n[1]);
            Graph first = im.twoPopulationGraph();
            Graph ancestral = im.ancestralGraph();
            double sum = Arrays.stream(im.jointSfs(first, ancestral)).flatMapToDouble(Arrays::stream).sum();
            assertRelativelyClose(sum, expectedTreeLength(im, first, ancestral), 1e-9, im + " Σ JSFS");
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThatThrownBy(() -> new IsolationWithMigration(0, 2, 1, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n1=0");
        assertThatThrownBy(() -> new IsolationWithMigration(2, 2, -1, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N1");
        assertThatThrownBy(() -> new IsolationWithMigration(2, 2, 1, 1, 1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("migration");
        assertThatThrownBy(() -> new IsolationWithMigration(2, 2, 1, 1, 1, 1, 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T");
        assertThatThrownBy(() -> IsolationWithMigration.paper(2, 2).typeIndex(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * E[total branch length] = E₁[∫₀^∞ L] − Σ_s P(X_T = s)·E₁[∫ L | s] + Σ_s P(X_T = s)·E_anc[∫ L | merge(s)]:
     * the part of the first phase after T is removed by elimination, not by visiting times.
     */
    private static double expectedTreeLength(IsolationWithMigration im, Graph first, Graph ancestral) {
        double[] p = Uniformization.of(first).stateProbabilities(im.splitTime());
        double[] x1 = Moments.of(first).expectedWaitingTimes(lineages(first));
        double[] xAnc = Moments.of(ancestral).expectedWaitingTimes(lineages(ancestral));
        Map<String, Integer> byState = new HashMap<>();
        for (int w = 1; w < ancestral.vertexCount(); w++) {
            byState.put(Arrays.toString(ancestral.state(w)), w);
        }
        int k = im.typeCount();
        double total = x1[0];
        for (int v = 1; v < first.vertexCount(); v++) {
            if (p[v] == 0) {
                continue;
            }
            int[] merged = new int[k];
            for (int c = 0; c < k; c++) {
                merged[c] = first.stateValue(v, c) + first.stateValue(v, k + c);
            }
            total += p[v] * (xAnc[byState.get(Arrays.toString(merged))] - x1[v]);
        }
        return total;
    }

    /** Lineages per state when there are at least two, else 0. */
    private static double[] lineages(Graph g) {
        double[] r = new double[g.vertexCount()];
        for (int v = 1; v < g.vertexCount(); v++) {
            int count = 0;
            for (int s = 0; s < g.stateLength(); s++) {
                count += g.stateValue(v, s);
            }
            r[v] = count > 1 ? count : 0;
        }
        return r;
    }

    /** The JSFS definition with dense matrices: P(X_T), ∫₀ᵀ P(X_u) du by exponentials, U_anc by inversion. */
    private static double[][] denseJointSfs(IsolationWithMigration im) {
        Graph first = im.twoPopulationGraph();
        Graph ancestral = im.ancestralGraph();
        Truth truth = new Truth(new DenseOracle(first), first.vertexCount());
        double[] p = truth.stateProbabilities(im.splitTime());
        double[] a = truth.visitingTimes(im.splitTime());
        DenseOracle ancestralOracle = new DenseOracle(ancestral);
        int[] transients = ancestralOracle.transientVertices();
        double[][] s = ancestralOracle.matrix();
        DMatrixRMaj minusS = new DMatrixRMaj(s);
        CommonOps_DDRM.scale(-1, minusS);
        DMatrixRMaj u = new DMatrixRMaj(s.length, s.length);
        assertThat(CommonOps_DDRM.invert(minusS, u)).isTrue();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < transients.length; i++) {
            position.put(Arrays.toString(ancestral.state(transients[i])), i);
        }
        int k = im.typeCount();
        int n1 = im.sampleCount1();
        int n2 = im.sampleCount2();
        double[][] jsfs = new double[n1 + 1][n2 + 1];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                if (i + j == 0 || i == n1 && j == n2) {
                    continue;
                }
                int type = i * (n2 + 1) + j - 1;
                DMatrixRMaj r = new DMatrixRMaj(transients.length, 1);
                for (int q = 0; q < transients.length; q++) {
                    r.set(q, 0, ancestral.stateValue(transients[q], type));
                }
                DMatrixRMaj x = new DMatrixRMaj(transients.length, 1);
                CommonOps_DDRM.mult(u, r, x);
                double value = 0;
                for (int v = 1; v < first.vertexCount(); v++) {
                    int count = first.stateValue(v, type) + first.stateValue(v, k + type);
                    value += a[v] * count;
                    if (p[v] != 0) {
                        int[] merged = new int[k];
                        for (int c = 0; c < k; c++) {
                            merged[c] = first.stateValue(v, c) + first.stateValue(v, k + c);
                        }
                        Integer q = position.get(Arrays.toString(merged));
                        value += q == null ? 0 : p[v] * x.get(q, 0); // absent: one lineage, nothing accrues
                    }
                }
                jsfs[i][j] = value;
            }
        }
        return jsfs;
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }
}
