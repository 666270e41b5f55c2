package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.dist.UniformizationPropertyTest.assertClose;
import static org.jphasic.dist.UniformizationPropertyTest.assertVectorClose;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.MatrixExponential;
import org.jphasic.testing.NamedGraph;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time-inhomogeneous distributions against the product of matrix exponentials, π(t) = α e^{S₀T₁} e^{S₁(t−T₁)}
 * (and the visiting times ∫₀ᵗ π), on random parameterized graphs with a new θ per epoch; the two-lineage
 * coalescent with a change of population size in closed form; and the argument checks.
 */
class EpochDistributionTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {51, 52, 53, 54, 55, 56, 57, 58})
    void newThetaPerEpochMatchesProductOfMatrixExponentials(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(25, 2));
        Graph g = spec.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta0 = spec.randomTheta(rng);
        double[] theta1 = spec.randomTheta(rng);
        double[] theta2 = spec.randomTheta(rng);
        double[] boundaries = {0.4, 1.3};
        EpochDistribution d = EpochDistribution.parameterized(g, boundaries, theta0, theta1, theta2);
        Graph[] graphs = {g.at(theta0), g.at(theta1), g.at(theta2)};
        double[] times = {0, 0.2, 0.4, 0.9, 1.3, 2.0, 3.5};
        double[] pdf = new double[times.length];
        double[] cdf = new double[times.length];
        d.evaluate(times, pdf, cdf);
        double[][] probabilities = new double[times.length][g.vertexCount()];
        double[][] visiting = new double[times.length][g.vertexCount()];
        d.evaluateStates(times, probabilities, visiting);
        for (int i = 0; i < times.length; i++) {
            double[][] truth = piecewise(graphs, boundaries, times[i]);
            String what = spec + " at t = " + times[i];
            assertClose(pdf[i], truth[2][0], 1e-9, what + " pdf");
            assertClose(cdf[i], truth[2][1], 1e-9, what + " cdf");
            assertVectorClose(probabilities[i], truth[0], 1e-9, what + " P(X_t)");
            assertVectorClose(visiting[i], truth[1], 1e-9, what + " visiting times");
        }
    }

    /** T_MRCA of two lineages, coalescence rate θ₀ before T and θ₁ after. */
    @Test
    void twoLineagesWithChangingPopulationSizeMatchClosedForm() {
        Graph g = Coalescent.lineageCountingParameterized(2);
        double t0 = 0.5;
        double a = 1;
        double b = 4;
        EpochDistribution d = EpochDistribution.parameterized(g, new double[] {t0}, new double[] {a},
                new double[] {b});
        for (double t : new double[] {0, 0.25, 0.5, 0.75, 2}) {
            double hazard = t < t0 ? a * t : a * t0 + b * (t - t0);
            double rate = t < t0 ? a : b;
            assertClose(d.cdf(t), -Math.expm1(-hazard), 1e-12, "F(" + t + ")");
            assertClose(d.pdf(t), rate * Math.exp(-hazard), 1e-12, "f(" + t + ")");
        }
        // E[min(T, 2)] = ∫₀² (1 − F) = (1 − e^{−a t0})/a + e^{−a t0}(1 − e^{−b(2 − t0)})/b
        double[] ones = new double[g.vertexCount()];
        java.util.Arrays.fill(ones, 1);
        double expected = -Math.expm1(-a * t0) / a + Math.exp(-a * t0) * -Math.expm1(-b * (2 - t0)) / b;
        assertClose(d.truncatedExpectation(ones, 2), expected, 1e-12, "E[min(T, 2)]");
    }

    @Test
    void epochsMustShareVerticesAndHaveIncreasingBoundaries() {
        Graph rabbits = Rabbits.graph(2, 2, 4);
        Graph other = Rabbits.graph(3, 2, 4);
        assertThatThrownBy(() -> EpochDistribution.of(new double[] {1}, List.of(rabbits, other)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("same vertices");
        assertThatThrownBy(() -> EpochDistribution.of(new double[] {1, 1}, List.of(rabbits, rabbits, rabbits)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("increasing");
        assertThatThrownBy(() -> EpochDistribution.of(new double[] {0}, List.of(rabbits, rabbits)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> EpochDistribution.of(new double[] {1, 2}, List.of(rabbits, rabbits)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("1 boundaries");
        Graph bAbsorbing = NamedGraph.continuous("A", "B", "C").start("A", 1).edge("A", "B", 1).edge("A", "C", 1)
                .build();
        Graph bTransient = NamedGraph.continuous("A", "B", "C").start("A", 1).edge("A", "B", 1).edge("B", "C", 1)
                .build();
        assertThatThrownBy(() -> EpochDistribution.of(new double[] {1}, List.of(bAbsorbing, bTransient)))
                .isInstanceOf(ParameterException.class).hasMessageContaining("absorbing vertices");
    }

    /**
     * Dense truth at t: row 0 P(X_t = v), row 1 ∫₀ᵗ P(X_u = v) du, row 2 {f(t), F(t)}.
     */
    private static double[][] piecewise(Graph[] graphs, double[] boundaries, double t) {
        DenseOracle first = new DenseOracle(graphs[0]);
        int[] transients = first.transientVertices();
        int p = transients.length;
        DMatrixRMaj row = new DMatrixRMaj(1, p, true, first.alpha());
        DMatrixRMaj integral = new DMatrixRMaj(1, p);
        double from = 0;
        double[] exit = null;
        for (int e = 0; e < graphs.length; e++) {
            double to = e < boundaries.length ? boundaries[e] : Double.POSITIVE_INFINITY;
            double[][] s = new DenseOracle(graphs[e]).matrix();
            exit = new double[p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    exit[a] -= s[a][b];
                }
            }
            double span = Math.min(t, to) - from;
            DMatrixRMaj block = new DMatrixRMaj(2 * p, 2 * p);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    block.set(a, b, s[a][b] * span);
                }
                block.set(a, p + a, span);
            }
            DMatrixRMaj big = MatrixExponential.expm(block);
            DMatrixRMaj propagate = new DMatrixRMaj(p, p);
            DMatrixRMaj accumulate = new DMatrixRMaj(p, p);
            CommonOps_DDRM.extract(big, 0, p, 0, p, propagate, 0, 0);
            CommonOps_DDRM.extract(big, 0, p, p, 2 * p, accumulate, 0, 0);
            DMatrixRMaj add = new DMatrixRMaj(1, p);
            CommonOps_DDRM.mult(row, accumulate, add);
            CommonOps_DDRM.addEquals(integral, add);
            DMatrixRMaj next = new DMatrixRMaj(1, p);
            CommonOps_DDRM.mult(row, propagate, next);
            row = next;
            if (t < to) {
                break;
            }
            from = to;
        }
        int n = graphs[0].vertexCount();
        double[][] out = {new double[n], new double[n], new double[2]};
        double mass = 0;
        double density = 0;
        for (int i = 0; i < p; i++) {
            out[0][transients[i]] = row.get(0, i);
            out[1][transients[i]] = integral.get(0, i);
            mass += row.get(0, i);
            density += row.get(0, i) * exit[i];
        }
        out[2][0] = density;
        out[2][1] = 1 - mass;
        return out;
    }
}
