package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trace values from acceptance-values.md: the parameterized rabbit table (§4.1, the correct column — the
 * reference's trace path printed wrong values on this cyclic graph), the back-edge and high self-loop models
 * (§6), the cyclic regression graph (§2 row 6); and the parameter errors.
 */
class TraceAcceptanceTest {
    @Test
    void parameterizedRabbitsMatchTheCorrectTable() {
        Trace trace = TraceRecorder.record(Rabbits.parameterized(2));
        TraceEvaluator ev = new TraceEvaluator(trace);
        double[][] thetas = {{1, 2, 4}, {2, 2, 4}, {2, 4, 4}, {2, 4, 18}, {8, 4, 18}};
        double[] expected = {0.508305647840532, 0.495652173913043, 0.3, 0.227096322687365, 0.177194393695634};
        for (int i = 0; i < thetas.length; i++) {
            ev.evaluate(thetas[i]);
            assertRelativelyClose(ev.moments().expectation(), expected[i], 1e-12, "theta #" + i);
        }
    }

    @Test
    void backEdgeModel() {
        // start→v1; v1→v2 0.5θ; v2→v1 0.3θ; v2→abs 0.7θ
        GraphBuilder b = new GraphBuilder(1, 1);
        int v1 = b.addVertex(new int[] {1});
        int v2 = b.addVertex(new int[] {2});
        int abs = b.addVertex(new int[] {3});
        b.addEdge(0, v1, 1).addParameterizedEdge(v1, v2, 0.5).addParameterizedEdge(v2, v1, 0.3)
                .addParameterizedEdge(v2, abs, 0.7);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(b.build()));
        ev.evaluate(new double[] {2});
        assertRelativelyClose(ev.moments().expectation(), 2.142857143, 1e-9, "E");
        assertRelativelyClose(ev.moments().variance(), 3.163265306, 1e-9, "Var");
    }

    @Test
    void highSelfLoopModel() {
        // v1→v2 0.9; v2→v1 0.9; v2→abs 0.1, as coefficients on θ = 1; the buggy reference trace gave 1.61
        GraphBuilder b = new GraphBuilder(1, 1);
        int v1 = b.addVertex(new int[] {1});
        int v2 = b.addVertex(new int[] {2});
        int abs = b.addVertex(new int[] {3});
        b.addEdge(0, v1, 1).addParameterizedEdge(v1, v2, 0.9).addParameterizedEdge(v2, v1, 0.9)
                .addParameterizedEdge(v2, abs, 0.1);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(b.build()));
        ev.evaluate(new double[] {1});
        assertRelativelyClose(ev.moments().expectation(), 21.1111111111, 1e-9, "E");
        assertRelativelyClose(ev.moments().variance(), 423.45679012, 1e-9, "Var");
    }

    @Test
    void cyclicRegressionGraphGivesThreeNotOneAndAHalf() {
        GraphBuilder b = new GraphBuilder(1, 1);
        int a = b.addVertex(new int[] {1});
        int bb = b.addVertex(new int[] {2});
        int abs = b.addVertex(new int[] {3});
        b.addEdge(0, a, 1).addParameterizedEdge(a, bb, 1).addParameterizedEdge(bb, a, 1)
                .addParameterizedEdge(bb, abs, 1);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(b.build()));
        ev.evaluate(new double[] {1});
        double[] x = ev.moments().expectedWaitingTimes();
        assertRelativelyClose(x[0], 3, 1e-12, "E");
        assertRelativelyClose(x[a], 3, 1e-12, "x_A");
        assertRelativelyClose(x[bb], 2, 1e-12, "x_B");
        assertRelativelyClose(ev.moments().moments(3), new double[] {3, 16, 126}, 1e-12, "moments");
    }

    @Test
    void kingmanTraceScalesAsOneOverTheta() {
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(Coalescent.lineageCountingParameterized(10)));
        ev.evaluate(new double[] {2.5});
        assertRelativelyClose(ev.moments().expectation(), 1.8 / 2.5, 1e-12, "E[TMRCA]");
    }

    @Test
    void singleParameterProbabilitiesFoldToConstants() {
        // every rate of the one-parameter coalescent is c·θ, so every jump probability is a constant; only the
        // mean sojourns 1/(λ_v θ) remain, one dot product and one reciprocal per distinct total rate
        Graph g = Coalescent.blockCountingParameterized(10);
        Trace trace = TraceRecorder.record(g);
        java.util.Map<Operation, Integer> counts = new java.util.EnumMap<>(Operation.class);
        for (int s = 0; s < trace.size(); s++) {
            counts.merge(trace.operation(s), 1, Integer::sum);
        }
        java.util.Set<Double> rates = new java.util.HashSet<>();
        java.util.Set<Double> coefficients = new java.util.HashSet<>();
        for (int v = 1; v < g.vertexCount(); v++) {
            double rate = 0;
            for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                rate += g.coefficient(e, 0);
                coefficients.add(g.coefficient(e, 0));
            }
            if (rate > 0) {
                rates.add(rate);
            }
        }
        coefficients.addAll(rates);
        assertThat(counts.getOrDefault(Operation.MUL, 0)).isZero();
        assertThat(counts.getOrDefault(Operation.SUM, 0) + counts.getOrDefault(Operation.ADD, 0)).isZero();
        assertThat(counts.get(Operation.INV)).isEqualTo(rates.size());
        assertThat(counts.get(Operation.DOT)).isLessThanOrEqualTo(coefficients.size());
    }

    @Test
    void wrongThetaLengthIsRejected() {
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(Rabbits.parameterized(2)));
        assertThatThrownBy(() -> ev.evaluate(new double[] {1, 2})).isInstanceOf(ParameterException.class)
                .hasMessageContaining("length 2").hasMessageContaining("3 parameters");
        assertThatThrownBy(() -> ev.evaluate(new double[] {1, Double.NaN, 3}))
                .isInstanceOf(ParameterException.class).hasMessageContaining("theta[1]");
    }

    @Test
    void negativeRateIsRejectedNamingTheEdge() {
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(Rabbits.parameterized(2)));
        assertThatThrownBy(() -> ev.evaluate(new double[] {1, -2, 4})).isInstanceOf(ParameterException.class)
                .hasMessageMatching("(?s).*edge \\d+ -> \\d+.*-2\\.0.*");
    }

    @Test
    void zeroTotalRateIsRejectedNamingTheVertex() {
        GraphBuilder b = new GraphBuilder(1, 2);
        int a = b.addVertex(new int[] {1});
        int z = b.addVertex(new int[] {2});
        b.addEdge(0, a, 1).addParameterizedEdge(a, z, 1, 0);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(b.build()));
        assertThatThrownBy(() -> ev.evaluate(new double[] {0, 5})).isInstanceOf(ParameterException.class)
                .hasMessageContaining("vertex " + a);
    }

    @Test
    void closingAClassIsRejected() {
        // A <-> B with the only exit B→abs at rate θ2: θ2 = 0 closes the class
        GraphBuilder b = new GraphBuilder(1, 2);
        int a = b.addVertex(new int[] {1});
        int bb = b.addVertex(new int[] {2});
        int abs = b.addVertex(new int[] {3});
        b.addEdge(0, a, 1).addParameterizedEdge(a, bb, 1, 0).addParameterizedEdge(bb, a, 1, 0)
                .addParameterizedEdge(bb, abs, 0, 1);
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(b.build()));
        assertThatThrownBy(() -> ev.evaluate(new double[] {1, 0})).isInstanceOf(ParameterException.class)
                .hasMessageContaining("closed class");
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** A discrete graph whose probabilities all scale with θ ∈ (0.5, 1]: discrete moment gradients by FD. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteMomentGradientsMatchFiniteDifferences(long seed) {
        Spec spec = RandomGraphs.random(seed + 4000, Options.discrete(25));
        Graph g = spec.buildScaledByOneParameter();
        double theta = 0.6 + 0.4 * new SplittableRandom(seed).nextDouble();
        TraceEvaluator ev = new TraceEvaluator(TraceRecorder.record(g));
        ev.evaluate(new double[] {theta});
        double[] r = new double[g.vertexCount()];
        for (int v = 0; v < r.length; v++) {
            r[v] = v % 3;
        }
        for (int order = 1; order <= 3; order++) {
            double[] gradient = new double[1];
            double value = ev.momentGradient(order, r, gradient);
            double h = 1e-6;
            double plus = Moments.of(g.at(new double[] {theta + h})).moments(order, r)[order - 1];
            double minus = Moments.of(g.at(new double[] {theta - h})).moments(order, r)[order - 1];
            assertRelativelyClose(value, Moments.of(g.at(new double[] {theta})).moments(order, r)[order - 1],
                    1e-9, spec + " value " + order);
            assertRelativelyClose(gradient[0], (plus - minus) / (2 * h), 1e-6, spec + " gradient " + order);
        }
    }
}
