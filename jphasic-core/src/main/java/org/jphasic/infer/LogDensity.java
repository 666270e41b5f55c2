package org.jphasic.infer;

/**
 * An unnormalised log density on R^d with its gradient, evaluated for a batch of points at once (so that an
 * implementation can share work across points, as the phase-type likelihood shares one uniformisation rate
 * across particles). Implementations must give each point the same result whatever the batch and whatever the
 * number of threads.
 */
public interface LogDensity {
    /** @return the dimension d */
    int dimension();

    /**
     * Evaluates the batch.
     *
     * @param points    n points, each of length d. Not modified.
     * @param values    receives log p(point_i), length ≥ n. Modified.
     * @param gradients receives ∇ log p(point_i), n rows of length d. Modified.
     */
    void evaluate(double[][] points, double[] values, double[][] gradients);
}
