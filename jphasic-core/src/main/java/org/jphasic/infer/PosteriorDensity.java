package org.jphasic.infer;

import java.util.List;
import org.jphasic.ParameterException;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEvaluator;

/**
 * The log posterior of θ in the unconstrained space φ where SVGD moves particles:
 *
 * <pre>
 *     log p(φ) = ℓ(θ(φ)) + Σ_k [ log π_k(θ_k(φ_k)) + log|θ_k'(φ_k)| ] − (λ/2) Σ_m ((E[T^m](θ) − m̂_m)/m̂_m)²
 * </pre>
 *
 * with the priors π_k stated in θ-space and each transform's log-Jacobian added, so the target is the posterior
 * of θ whatever the transform. The last term is the optional moment-matching penalty (a GMM-style quadratic
 * distance between model and sample raw moments, gradients from a recorded trace). ∇_φ follows by the chain rule.
 */
final class PosteriorDensity implements LogDensity {
    private final LogDensity likelihood;
    private final List<Prior> priors;
    private final List<Transform> transforms;
    private final Trace momentTrace;
    private final double[] rewards;
    private final double[] sampleMoments;
    private final double momentWeight;

    PosteriorDensity(LogDensity likelihood, List<Prior> priors, List<Transform> transforms, Trace momentTrace,
                     double[] sampleMoments, double momentWeight) {
        this(likelihood, priors, transforms, momentTrace, sampleMoments, momentWeight, null);
    }

    /** As above, matching the moments of the accumulated reward when {@code rewards} is not null. */
    PosteriorDensity(LogDensity likelihood, List<Prior> priors, List<Transform> transforms, Trace momentTrace,
                     double[] sampleMoments, double momentWeight, double[] rewards) {
        this.rewards = rewards;
        int d = likelihood.dimension();
        if (priors.size() != d || transforms.size() != d) {
            throw new ParameterException("the model has " + d + " parameters but " + priors.size() + " priors and "
                    + transforms.size() + " transforms were given");
        }
        this.likelihood = likelihood;
        this.priors = List.copyOf(priors);
        this.transforms = List.copyOf(transforms);
        this.momentTrace = momentTrace;
        this.sampleMoments = sampleMoments == null ? null : sampleMoments.clone();
        this.momentWeight = momentWeight;
    }

    @Override
    public int dimension() {
        return likelihood.dimension();
    }

    double[] toTheta(double[] phi) {
        double[] theta = new double[phi.length];
        for (int k = 0; k < phi.length; k++) {
            theta[k] = transforms.get(k).toTheta(phi[k]);
        }
        return theta;
    }

    @Override
    public void evaluate(double[][] points, double[] values, double[][] gradients) {
        int n = points.length;
        int d = dimension();
        double[][] thetas = new double[n][];
        for (int i = 0; i < n; i++) {
            thetas[i] = toTheta(points[i]);
        }
        likelihood.evaluate(thetas, values, gradients); // gradients w.r.t. θ for now
        TraceEvaluator moments = momentTrace == null ? null : new TraceEvaluator(momentTrace);
        double[] momentGradient = new double[d];
        for (int i = 0; i < n; i++) {
            double value = values[i];
            double[] g = gradients[i];
            if (moments != null) {
                moments.evaluate(thetas[i]);
                for (int m = 1; m <= sampleMoments.length; m++) {
                    double model = moments.momentGradient(m, rewards, momentGradient);
                    double relative = (model - sampleMoments[m - 1]) / sampleMoments[m - 1];
                    value -= 0.5 * momentWeight * relative * relative;
                    double scale = momentWeight * relative / sampleMoments[m - 1];
                    for (int k = 0; k < d; k++) {
                        g[k] -= scale * momentGradient[k];
                    }
                }
            }
            for (int k = 0; k < d; k++) {
                Transform t = transforms.get(k);
                Prior prior = priors.get(k);
                double phi = points[i][k];
                double theta = thetas[i][k];
                value += prior.logDensity(theta) + t.logJacobian(phi);
                g[k] = (g[k] + prior.derivative(theta)) * t.derivative(phi) + t.logJacobianDerivative(phi);
            }
            values[i] = value;
        }
    }
}
