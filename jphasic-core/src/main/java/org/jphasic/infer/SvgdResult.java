package org.jphasic.infer;

import java.util.List;

/**
 * The outcome of an SVGD run, in the unconstrained space φ where the particles moved. {@link Inference} turns it
 * into θ-space summaries.
 *
 * @param particles        the final particles, n × d
 * @param logDensities     log p of each final particle
 * @param iterations       iterations run
 * @param converged        whether the fixed-point criterion stopped the run (otherwise the cap did)
 * @param residual         the final fixed-point residual max_i ‖ε_t φ̂(x_i)‖ / min_k sd_k
 * @param steinDiscrepancy the final kernel Stein discrepancy (IMQ kernel, c = 1), a convergence diagnostic
 * @param sdHistory        per recorded iteration, the particle sd of every coordinate
 * @param history          thinned particle snapshots (at most {@link Svgd.Builder#historySnapshots(int)})
 * @param historyIterations the iteration of each snapshot
 */
public record SvgdResult(double[][] particles, double[] logDensities, int iterations, boolean converged,
                         double residual, double steinDiscrepancy, List<double[]> sdHistory, List<double[][]> history,
                         List<Integer> historyIterations) {
}
