package org.jphasic.infer;

import java.util.List;

/**
 * A posterior of θ from SVGD, summarised in θ-space.
 *
 * @param particles          final particles in θ-space, n × d
 * @param unconstrained      the same particles in φ-space
 * @param mean               posterior mean of each parameter
 * @param sd                 posterior standard deviation (n − 1 in the denominator)
 * @param correlation        d × d correlation matrix
 * @param hpdLower           lower ends of the 95% highest-density intervals (shortest intervals holding 95% of
 *                           the particles)
 * @param hpdUpper           upper ends
 * @param map                the particle with the highest log posterior (θ-space)
 * @param iterations         iterations run
 * @param converged          whether the fixed-point criterion stopped the run
 * @param residual           the final fixed-point residual
 * @param steinDiscrepancy   the final kernel Stein discrepancy (φ-space, IMQ kernel)
 * @param sdHistory          per recorded iteration, the θ-space sd of each parameter
 * @param history            thinned θ-space particle snapshots
 * @param historyIterations  the iteration of each snapshot
 * @param seconds            wall time
 */
public record InferenceResult(double[][] particles, double[][] unconstrained, double[] mean, double[] sd,
                              double[][] correlation, double[] hpdLower, double[] hpdUpper, double[] map,
                              int iterations, boolean converged, double residual, double steinDiscrepancy,
                              List<double[]> sdHistory, List<double[][]> history, List<Integer> historyIterations,
                              double seconds) {
}
