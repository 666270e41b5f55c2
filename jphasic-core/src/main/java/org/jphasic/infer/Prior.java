package org.jphasic.infer;

/**
 * A prior density of one parameter, stated in θ-space: its log density (up to nothing: normalised) and the
 * derivative. Build with {@link Priors}.
 */
public interface Prior {
    /**
     * @param theta θ
     * @return log p(θ), −∞ outside the support
     */
    double logDensity(double theta);

    /**
     * @param theta θ inside the support
     * @return d/dθ log p(θ)
     */
    double derivative(double theta);

    /** @return the specification, e.g. {@code gamma:2,1} */
    String spec();

    /** @return a transform whose range is the support (log for positive, logit for an interval) */
    Transform naturalTransform();

    /**
     * @param rng a random source
     * @return a draw from the prior, for starting particles
     */
    double sample(java.util.SplittableRandom rng);
}
