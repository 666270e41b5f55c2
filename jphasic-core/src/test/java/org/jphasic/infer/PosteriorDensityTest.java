package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.List;
import org.jphasic.graph.Graph;
import org.jphasic.trace.TraceRecorder;
import org.junit.jupiter.api.Test;

/**
 * The φ-space posterior: its gradient (likelihood, θ-space priors, log-Jacobians and the moment-matching
 * penalty together) against central finite differences of its value, for each transform; and a strong moment
 * penalty pulling the posterior onto the moment match.
 */
class PosteriorDensityTest {
    private static Graph twoRates() {
        return InferenceAcceptanceTest.twoRateCoalescent();
    }

    @Test
    void gradientMatchesFiniteDifferencesWithPriorsTransformsAndMomentPenalty() {
        Graph g = twoRates();
        double[] x = {0.3, 0.8, 1.1, 1.9, 2.5, 0.6};
        double[] sample = {1.2, 2.3};
        List<List<Transform>> transformSets = List.of(List.of(Transform.log(), Transform.softplus()),
                List.of(Transform.logit(0.1, 5), Transform.log()));
        for (List<Transform> transforms : transformSets) {
            PosteriorDensity p = new PosteriorDensity(PhaseTypeLikelihood.of(g, x),
                    List.of(Priors.gamma(2, 1), Priors.logNormal(0.2, 0.8)), transforms, TraceRecorder.record(g),
                    sample, 3.0);
            double[][] phi = {{0.1, 0.4}, {-0.3, 0.9}};
            double[] value = new double[2];
            double[][] gradient = new double[2][2];
            p.evaluate(phi, value, gradient);
            for (int i = 0; i < 2; i++) {
                double[] numeric = new double[2];
                for (int k = 0; k < 2; k++) {
                    double h = 1e-6;
                    double[][] plus = {phi[i].clone()};
                    double[][] minus = {phi[i].clone()};
                    plus[0][k] += h;
                    minus[0][k] -= h;
                    double[] vp = new double[1];
                    double[] vm = new double[1];
                    p.evaluate(plus, vp, new double[1][2]);
                    p.evaluate(minus, vm, new double[1][2]);
                    numeric[k] = (vp[0] - vm[0]) / (2 * h);
                }
                assertRelativelyClose(gradient[i], numeric, 1e-6, transforms + " particle " + i);
            }
        }
    }

    @Test
    void strongMomentPenaltyPullsTheMeanOntoTheSampleMean() {
        // Exp(θ) data whose sample mean is 0.25: with a heavy penalty on the first moment, E[T] = 1/θ ≈ 0.25
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.25 * -Math.log(1 - (i + 0.5) / x.length);
        }
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        InferenceResult r = Inference.builder(InferenceAcceptanceTest.erlang(1), x).prior(Priors.gamma(1, 0.01))
                .momentMatching(1, 1e6).particles(20).iterations(800).seed(2).build().run();
        assertThat(Math.abs(1 / r.mean()[0] - mean)).isLessThan(0.01 * mean);
        assertThat(r.sd()[0]).isLessThan(0.05 / mean);
    }
}
