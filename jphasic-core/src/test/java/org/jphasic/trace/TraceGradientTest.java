package org.jphasic.trace;

import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.linear.FieldLUDecomposition;
import org.hipparchus.linear.FieldMatrix;
import org.hipparchus.linear.FieldVector;
import org.hipparchus.linear.MatrixUtils;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reverse-mode gradients of trace moments against central finite differences of direct elimination (relative
 * 1e-6) and, on small graphs, against forward-mode automatic differentiation (Hipparchus {@link Gradient}) of the
 * dense formula E[T] = α(−S)⁻¹1, E[T²] = 2α(−S)⁻²1.
 */
class TraceGradientTest {
    static LongStream seeds() {
        return LongStream.range(1, 81);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void momentGradientsMatchCentralFiniteDifferences(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Spec spec = RandomGraphs.random(seed + 300, Options.parameterized(30, 1 + rng.nextInt(4)));
        Graph g = spec.build();
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(g));
        double[] theta = spec.randomTheta(rng);
        double[] r = new double[g.vertexCount()];
        for (int v = 0; v < r.length; v++) {
            r[v] = 0.5 + rng.nextDouble();
        }
        ev.evaluate(theta);
        for (int order = 1; order <= 3; order++) {
            for (double[] rewards : new double[][] {null, r}) {
                double[] gradient = new double[theta.length];
                double value = ev.momentGradient(order, rewards, gradient);
                double[] direct = rewards == null ? Moments.of(g.at(theta)).moments(order)
                        : Moments.of(g.at(theta)).moments(order, rewards);
                assertRelativelyClose(value, direct[order - 1], 1e-9, spec + " value of order " + order);
                double[] numeric = centralDifference(g, theta, order, rewards);
                assertRelativelyClose(gradient, numeric, 1e-6, spec + " gradient of order " + order);
            }
            ev.evaluate(theta);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void linearFunctionalGradientMatchesFiniteDifferences(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 13);
        Spec spec = RandomGraphs.random(seed + 700, Options.parameterized(25, 2));
        Graph g = spec.build();
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(g));
        double[] theta = spec.randomTheta(rng);
        double[] c = new double[g.vertexCount()];
        for (int v = 0; v < c.length; v++) {
            c[v] = rng.nextDouble() - 0.3;
        }
        ev.evaluate(theta);
        double[] gradient = new double[2];
        ev.linearGradient(null, c, gradient);
        double[] numeric = new double[2];
        for (int k = 0; k < 2; k++) {
            double h = 1e-5 * Math.max(1, Math.abs(theta[k]));
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            numeric[k] = (dot(c, Moments.of(g.at(plus)).expectedWaitingTimes())
                    - dot(c, Moments.of(g.at(minus)).expectedWaitingTimes())) / (2 * h);
        }
        assertRelativelyClose(gradient, numeric, 1e-6, spec.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gradientsMatchForwardModeAutomaticDifferentiation(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 7 + 1);
        int parameters = 1 + rng.nextInt(3);
        Spec spec = RandomGraphs.random(seed + 1500, new Options(2, 12, parameters, false, true, 0.8));
        Graph g = spec.build();
        double[] theta = spec.randomTheta(rng);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(g));
        ev.evaluate(theta);
        Gradient[] forward = denseMomentsWithGradient(g, theta);
        for (int order = 1; order <= 2; order++) {
            double[] gradient = new double[parameters];
            double value = ev.momentGradient(order, null, gradient);
            assertRelativelyClose(value, forward[order - 1].getValue(), 1e-9, spec + " value");
            assertRelativelyClose(gradient, forward[order - 1].getGradient(), 1e-9, spec + " order " + order);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] centralDifference(Graph g, double[] theta, int order, double[] rewards) {
        double[] numeric = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-5 * Math.max(1, Math.abs(theta[k]));
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double fPlus = moment(g.at(plus), order, rewards);
            double fMinus = moment(g.at(minus), order, rewards);
            numeric[k] = (fPlus - fMinus) / (2 * h);
        }
        return numeric;
    }

    private static double moment(Graph g, int order, double[] rewards) {
        Moments m = Moments.of(g);
        return (rewards == null ? m.moments(order) : m.moments(order, rewards))[order - 1];
    }

    /** E[T] and E[T²] with forward-mode derivatives: S(θ) built from Gradient entries, solved by field LU. */
    private static Gradient[] denseMomentsWithGradient(Graph g, double[] theta) {
        int k = theta.length;
        Gradient[] t = new Gradient[k];
        for (int i = 0; i < k; i++) {
            t[i] = Gradient.variable(k, i, theta[i]);
        }
        int n = g.vertexCount();
        int[] position = new int[n];
        int p = 0;
        for (int v = 0; v < n; v++) {
            position[v] = v != 0 && g.outDegree(v) > 0 ? p++ : -1;
        }
        Gradient zero = Gradient.constant(k, 0);
        FieldMatrix<Gradient> minusS = MatrixUtils.createFieldMatrix(zero.getField(), p, p);
        FieldVector<Gradient> alpha = MatrixUtils.createFieldVector(zero.getField(), p);
        for (int e = g.edgeStart(0); e < g.edgeEnd(0); e++) {
            int to = g.edgeTarget(e);
            if (position[to] >= 0) {
                alpha.setEntry(position[to], alpha.getEntry(position[to]).add(g.edgeWeight(e)));
            }
        }
        for (int v = 1; v < n; v++) {
            if (position[v] < 0) {
                continue;
            }
            int i = position[v];
            for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                Gradient w = zero;
                if (g.isEdgeParameterized(e)) {
                    for (int q = 0; q < k; q++) {
                        w = w.add(t[q].multiply(g.coefficient(e, q)));
                    }
                } else {
                    w = w.add(g.edgeWeight(e));
                }
                minusS.setEntry(i, i, minusS.getEntry(i, i).add(w));
                int to = g.edgeTarget(e);
                if (position[to] >= 0) {
                    minusS.setEntry(i, position[to], minusS.getEntry(i, position[to]).subtract(w));
                }
            }
        }
        FieldVector<Gradient> ones = MatrixUtils.createFieldVector(zero.getField(), p);
        ones.set(Gradient.constant(k, 1));
        var solver = new FieldLUDecomposition<>(minusS).getSolver();
        FieldVector<Gradient> u1 = solver.solve(ones);
        FieldVector<Gradient> u2 = solver.solve(u1);
        return new Gradient[] {alpha.dotProduct(u1), alpha.dotProduct(u2).multiply(2)};
    }
}
