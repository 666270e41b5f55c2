package org.jphasic.dist;

import org.jphasic.ParameterException;

/**
 * The distribution functions of a continuous phase-type distribution: absorption time τ with initial
 * distribution α over the transient vertices (the rest is the defect, absorbed at time 0), sub-intensity
 * matrix S and exit-rate vector s = −S·1:
 * <ul>
 *   <li>density f(t) = α·e^{St}·s (of the continuous part: the defect is an atom at 0, not in the density);</li>
 *   <li>distribution function F(t) = P(τ ≤ t) = 1 − α·e^{St}·1, so F(0) is the defect;</li>
 *   <li>state probabilities P(X_t = v) = (α·e^{St})_v for transient v (0 for the start and absorbing vertices:
 *       absorbed mass is in F);</li>
 *   <li>accumulated visiting times a_v(t) = ∫₀ᵗ P(X_u = v) du, which tend to the residence times αU as t → ∞;
 *       a truncated reward has expectation E[∫₀ᵗ r(X_u) du] = r·a(t).</li>
 * </ul>
 * Implementations: {@link Uniformization} (exact to a chosen ε), {@link EulerDistribution} (the reference
 * library's forward-Euler approximation, for parity), {@link EpochDistribution} (piecewise-constant weights).
 * Each states a bound on its absolute error, and every implementation obeys it (one contract test runs them
 * all against the matrix exponential).
 *
 * <pre>{@code
 * ContinuousDistribution d = Uniformization.of(graph);
 * double[] times = {0.5, 1, 2};
 * double[] pdf = new double[3];
 * double[] cdf = new double[3];
 * d.evaluate(times, pdf, cdf);                 // one pass for all times
 * double[] p = d.stateProbabilities(1.0);      // P(X_1 = v) per vertex
 * }</pre>
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface ContinuousDistribution {
    /** @return the number of vertices, the length of every per-vertex vector */
    int vertexCount();

    /**
     * Evaluates the density and the distribution function at several times in one pass.
     *
     * @param times the times, finite and non-negative, any order. Not modified.
     * @param pdf   receives f(t) per time, length {@code times.length}, or null. Modified.
     * @param cdf   receives F(t) per time, length {@code times.length}, or null. Modified.
     * @throws ParameterException if a time is negative or not finite, or an output has the wrong length
     */
    void evaluate(double[] times, double[] pdf, double[] cdf);

    /**
     * Evaluates state probabilities and accumulated visiting times at several times in one pass.
     *
     * @param times         the times, finite and non-negative, any order. Not modified.
     * @param probabilities receives P(X_t = v), one array of {@link #vertexCount()} entries per time, or null.
     *                      Modified.
     * @param visitingTimes receives ∫₀ᵗ P(X_u = v) du, one array of {@link #vertexCount()} entries per time, or
     *                      null. Modified.
     * @throws ParameterException if a time is negative or not finite, or an output has the wrong shape
     */
    void evaluateStates(double[] times, double[][] probabilities, double[][] visitingTimes);

    /**
     * A bound on the absolute error of {@link #cdf(double)} and of the state probabilities at t (their sum of
     * absolute errors over vertices).
     *
     * @param t a time, finite and non-negative
     * @return the bound
     */
    double probabilityErrorBound(double t);

    /**
     * @param t a time, finite and non-negative
     * @return a bound on the absolute error of {@link #pdf(double)} at t
     */
    double densityErrorBound(double t);

    /**
     * @param t a time, finite and non-negative
     * @return a bound on the absolute error of the accumulated visiting times at t, summed over vertices
     */
    double visitingTimeErrorBound(double t);

    /**
     * @param t a time, finite and non-negative
     * @return the density f(t)
     */
    default double pdf(double t) {
        double[] out = new double[1];
        evaluate(new double[] {t}, out, null);
        return out[0];
    }

    /**
     * @param t a time, finite and non-negative
     * @return the distribution function F(t)
     */
    default double cdf(double t) {
        double[] out = new double[1];
        evaluate(new double[] {t}, null, out);
        return out[0];
    }

    /**
     * @param times the times, finite and non-negative, any order. Not modified.
     * @return f at every time
     */
    default double[] pdf(double[] times) {
        double[] out = new double[times.length];
        evaluate(times, out, null);
        return out;
    }

    /**
     * @param times the times, finite and non-negative, any order. Not modified.
     * @return F at every time
     */
    default double[] cdf(double[] times) {
        double[] out = new double[times.length];
        evaluate(times, null, out);
        return out;
    }

    /**
     * @param t a time, finite and non-negative
     * @return P(X_t = v) per vertex (0 for the start and absorbing vertices); with F(t) it sums to 1
     */
    default double[] stateProbabilities(double t) {
        double[][] out = {new double[vertexCount()]};
        evaluateStates(new double[] {t}, out, null);
        return out[0];
    }

    /**
     * @param t a time, finite and non-negative
     * @return ∫₀ᵗ P(X_u = v) du per vertex
     */
    default double[] accumulatedVisitingTimes(double t) {
        double[][] out = {new double[vertexCount()]};
        evaluateStates(new double[] {t}, null, out);
        return out[0];
    }

    /**
     * The expectation of a reward accumulated up to a horizon, E[∫₀ᵀ r(X_u) du] = r·a(T).
     *
     * @param rewards one reward per vertex (the start's and absorbing vertices' are ignored). Not modified.
     * @param horizon T, finite and non-negative
     * @return r·a(T)
     * @throws ParameterException if the rewards have the wrong length or are not finite
     */
    default double truncatedExpectation(double[] rewards, double horizon) {
        Checks.rewards(rewards, vertexCount());
        double[] a = accumulatedVisitingTimes(horizon);
        double sum = 0;
        for (int v = 0; v < a.length; v++) {
            if (a[v] != 0) {
                sum += rewards[v] * a[v];
            }
        }
        return sum;
    }
}
