package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hipparchus.distribution.RealDistribution;
import org.hipparchus.distribution.continuous.ExponentialDistribution;
import org.hipparchus.distribution.continuous.GammaDistribution;
import org.hipparchus.distribution.continuous.LogNormalDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.jphasic.ParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The priors parsed from their command-line specifications against Hipparchus' distributions (log density,
 * moments of 40,000 draws) and central differences (derivative); the transforms by round trips and central
 * differences of θ(φ) and of the log-Jacobian.
 */
class PriorsAndTransformsTest {
    static Stream<Arguments> priors() {
        return Stream.of(
                Arguments.of("gamma:2,1", new GammaDistribution(2, 1), new double[] {0.1, 0.7, 2.5, 9}),
                Arguments.of("gamma:0.5,3", new GammaDistribution(0.5, 1.0 / 3), new double[] {0.01, 0.2, 1.4}),
                Arguments.of("lognormal:0,1", new LogNormalDistribution(0, 1), new double[] {0.05, 1, 3.3}),
                Arguments.of("lognormal:-1,0.4", new LogNormalDistribution(-1, 0.4), new double[] {0.1, 0.37, 1}),
                Arguments.of("normal:2,0.5", new NormalDistribution(2, 0.5), new double[] {-1, 1.9, 3.2}),
                Arguments.of("exponential:4", new ExponentialDistribution(0.25), new double[] {0.01, 0.3, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("priors")
    void priorsMatchTheirDistributions(String spec, RealDistribution truth, double[] points) {
        Prior prior = Priors.parse(spec);
        for (double x : points) {
            assertRelativelyClose(prior.logDensity(x), truth.logDensity(x), 1e-12, spec + " log density at " + x);
            double h = 1e-5 * x;
            double numeric = (prior.logDensity(x + h) - prior.logDensity(x - h)) / (2 * h);
            assertRelativelyClose(prior.derivative(x), numeric, 1e-6, spec + " derivative at " + x);
        }
        SplittableRandom rng = new SplittableRandom(7);
        int n = 40_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double x = prior.sample(rng);
            assertThat(prior.logDensity(x)).as(spec + " draw inside the support").isFinite();
            sum += x;
            squares += x * x;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        double standardError = Math.sqrt(truth.getNumericalVariance() / n);
        assertThat(mean).as(spec + " sample mean").isCloseTo(truth.getNumericalMean(), offset(5 * standardError));
        assertThat(variance).as(spec + " sample variance")
                .isCloseTo(truth.getNumericalVariance(), offset(0.1 * truth.getNumericalVariance()));
    }

    @Test
    void uniformPriorIsFlatOnItsIntervalAndZeroOutside() {
        Prior prior = Priors.parse("uniform:1,5");
        assertThat(prior.logDensity(2.5)).isCloseTo(-Math.log(4), offset(1e-15));
        assertThat(prior.logDensity(0.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(prior.logDensity(5.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(prior.derivative(2.5)).isZero();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(prior.sample(rng)).isBetween(1.0, 5.0);
        }
        assertThat(prior.naturalTransform().name()).startsWith("logit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gamma:2", "gamma:-1,1", "lognormal:0,0", "uniform:5,1", "beta:1,2", "gamma:a,b",
        "exponential:0", "normal:0,NaN"})
    void badPriorSpecificationsAreClearErrors(String spec) {
        assertThatThrownBy(() -> Priors.parse(spec)).isInstanceOf(ParameterException.class)
                .hasMessageContaining(spec.substring(0, spec.indexOf(':')));
    }

    static Stream<Arguments> transforms() {
        return Stream.of(
                Arguments.of("log", new double[] {0.01, 1, 40}),
                Arguments.of("softplus", new double[] {0.01, 1, 40}),
                Arguments.of("identity", new double[] {-3, 0.5, 7}),
                Arguments.of("logit:1,5", new double[] {1.01, 3, 4.99}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void transformsRoundTripAndTheirDerivativesMatchCentralDifferences(String spec, double[] thetas) {
        Transform t = Transform.parse(spec);
        for (double theta : thetas) {
            double phi = t.toPhi(theta);
            assertRelativelyClose(t.toTheta(phi), theta, 1e-12, spec + " round trip at " + theta);
            double h = 1e-5 * Math.max(1, Math.abs(phi));
            double dTheta = (t.toTheta(phi + h) - t.toTheta(phi - h)) / (2 * h);
            assertRelativelyClose(t.derivative(phi), dTheta, 1e-6, spec + " dθ/dφ at φ = " + phi);
            assertRelativelyClose(t.logJacobian(phi), Math.log(Math.abs(t.derivative(phi))), 1e-12,
                    spec + " log-Jacobian at φ = " + phi);
            double dLogJacobian = (t.logJacobian(phi + h) - t.logJacobian(phi - h)) / (2 * h);
            assertThat(t.logJacobianDerivative(phi)).as(spec + " d log|J|/dφ at φ = " + phi)
                    .isCloseTo(dLogJacobian, offset(1e-6 * Math.max(1, Math.abs(dLogJacobian))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "logit:5,1", "logit:1", ""})
    void badTransformSpecificationsAreClearErrors(String spec) {
        assertThatThrownBy(() -> Transform.parse(spec)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("transform");
    }
}
