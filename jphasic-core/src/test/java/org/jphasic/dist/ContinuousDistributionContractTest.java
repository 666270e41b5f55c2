package org.jphasic.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.dist.UniformizationPropertyTest.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.MatrixExponential.Truth;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract of {@link ContinuousDistribution}, run on every implementation — exact uniformisation at two
 * error bounds, the Euler approximation at two granularities, and epochs that split one graph's time line
 * (which must change nothing) — against the matrix exponential: every value within the implementation's own
 * stated error bound, F(0) = defect, P(X_t) + F(t) = 1, visiting times tending to the residence times, the
 * same answers for a vector of times in any order as for single times, and the same argument checks.
 */
class ContinuousDistributionContractTest {
    record Implementation(String name, Function<Graph, ContinuousDistribution> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Implementation> implementations() {
        return List.of(
                new Implementation("uniformization", Uniformization::of),
                new Implementation("uniformization eps=1e-6", g -> Uniformization.of(g, 1e-6)),
                new Implementation("euler default g", EulerDistribution::of),
                new Implementation("euler g=20000", g -> EulerDistribution.of(g, 20_000)),
                new Implementation("epochs splitting one graph", g -> {
                    double mean = Moments.of(g).expectation();
                    return EpochDistribution.of(new double[] {0.37 * mean, 1.1 * mean}, List.of(g, g, g));
                }));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Implementation impl : implementations()) {
            for (long seed = 301; seed <= 315; seed++) {
                out.add(Arguments.of(impl, seed));
            }
        }
        return out.stream();
    }

    static Stream<Implementation> each() {
        return implementations().stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void everyValueIsWithinTheStatedErrorBound(Implementation impl, long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(30));
        Graph g = spec.build();
        ContinuousDistribution d = impl.make().apply(g);
        Truth truth = new Truth(new DenseOracle(g), g.vertexCount());
        double mean = Moments.of(g).expectation();
        double[] times = {2.2 * mean, 0, 0.37 * mean, 1.1 * mean, 0.8 * mean};
        double[] pdf = new double[times.length];
        double[] cdf = new double[times.length];
        d.evaluate(times, pdf, cdf);
        double[][] probabilities = new double[times.length][g.vertexCount()];
        double[][] visiting = new double[times.length][g.vertexCount()];
        d.evaluateStates(times, probabilities, visiting);
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            String what = impl + " on " + spec + " at t = " + t;
            assertClose(pdf[i], truth.pdf(t), d.densityErrorBound(t), what + " pdf");
            assertClose(cdf[i], truth.cdf(t), d.probabilityErrorBound(t), what + " cdf");
            assertClose(l1(probabilities[i], truth.stateProbabilities(t)), 0, d.probabilityErrorBound(t),
                    what + " Σ|P(X_t = v) error|");
            assertClose(l1(visiting[i], truth.visitingTimes(t)), 0, d.visitingTimeErrorBound(t),
                    what + " Σ|visiting time error|");
            double total = cdf[i];
            for (double p : probabilities[i]) {
                total += p;
            }
            assertClose(total, 1, 2 * d.probabilityErrorBound(t) + 1e-12, what + " P(X_t) + F(t) = 1");
            // one time at a time gives the same numbers as the vector pass, up to the error bound (the series may
            // truncate differently)
            assertClose(d.pdf(t), pdf[i], 2 * d.densityErrorBound(t), what + " pdf alone");
            assertClose(d.cdf(t), cdf[i], 2 * d.probabilityErrorBound(t), what + " cdf alone");
        }
        assertClose(cdf[1], g.defect(), d.probabilityErrorBound(0), impl + " on " + spec + " F(0) = defect");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void visitingTimesTendToResidenceTimes(Implementation impl) {
        Spec spec = RandomGraphs.random(77, Options.continuous(20));
        Graph g = spec.build();
        Moments m = Moments.of(g);
        ContinuousDistribution d = impl.make().apply(g);
        double late = 200 * m.expectation();
        double[] visiting = d.accumulatedVisitingTimes(late);
        double[] residence = m.residenceTimes();
        double tail = Math.max(1e-9, d.visitingTimeErrorBound(late)) + 1 - d.cdf(late);
        assertClose(l1(visiting, residence), 0, tail, impl + " Σ|a(∞) − αU|");
        assertThat(d.cdf(late)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void cdfIsNonDecreasingFromTheDefect(Implementation impl) {
        Spec spec = RandomGraphs.random(5, Options.continuous(25));
        Graph g = spec.build();
        ContinuousDistribution d = impl.make().apply(g);
        double mean = Moments.of(g).expectation();
        double[] times = new double[50];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * mean / 10;
        }
        double[] cdf = d.cdf(times);
        for (int i = 1; i < cdf.length; i++) {
            assertThat(cdf[i]).as(impl + " F(%s) ≥ F(%s)", times[i], times[i - 1])
                    .isGreaterThanOrEqualTo(cdf[i - 1] - 1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void badArgumentsAreRejected(Implementation impl) {
        Graph g = RandomGraphs.random(9, Options.continuous(10)).build();
        ContinuousDistribution d = impl.make().apply(g);
        assertThatThrownBy(() -> d.pdf(-1)).isInstanceOf(ParameterException.class).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> d.cdf(Double.NaN)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> d.stateProbabilities(Double.POSITIVE_INFINITY))
                .isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> d.evaluate(new double[] {1, 2}, new double[1], null))
                .isInstanceOf(ParameterException.class).hasMessageContaining("pdf has length 1");
        assertThatThrownBy(() -> d.evaluateStates(new double[] {1}, new double[][] {new double[2]}, null))
                .isInstanceOf(ParameterException.class).hasMessageContaining("one entry per vertex");
        assertThatThrownBy(() -> d.truncatedExpectation(new double[3], 1.0))
                .isInstanceOf(ParameterException.class).hasMessageContaining("rewards has length 3");
    }

    static double l1(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }
}
