package org.jphasic.dist;

/**
 * What the continuous implementations share: argument checks, the cdf as the complement of the transient mass,
 * and state vectors computed over transient positions and spread onto vertices. Implementations supply the
 * transient mass and the density, π(t)·1 and π(t)·s, and the vectors π(t) and ∫₀ᵗ π.
 */
abstract class TransientDistribution implements ContinuousDistribution {
    /** The chain whose transient positions index the state vectors. */
    final JumpChain positions;

    TransientDistribution(JumpChain positions) {
        this.positions = positions;
    }

    @Override
    public final int vertexCount() {
        return positions.graph().vertexCount();
    }

    @Override
    public final void evaluate(double[] times, double[] pdf, double[] cdf) {
        Checks.times(times);
        Checks.output(pdf, times.length, "pdf");
        Checks.output(cdf, times.length, "cdf");
        massAndDensity(times, cdf, pdf);
        if (cdf != null) {
            for (int j = 0; j < cdf.length; j++) {
                cdf[j] = 1 - cdf[j];
            }
        }
    }

    @Override
    public final void evaluateStates(double[] times, double[][] probabilities, double[][] visitingTimes) {
        Checks.times(times);
        Checks.vectors(probabilities, times.length, vertexCount(), "probabilities");
        Checks.vectors(visitingTimes, times.length, vertexCount(), "visitingTimes");
        double[][] p = ForwardRecursion.buffers(probabilities != null, times.length, positions);
        double[][] a = ForwardRecursion.buffers(visitingTimes != null, times.length, positions);
        vectors(times, p, a);
        ForwardRecursion.scatter(positions, p, probabilities);
        ForwardRecursion.scatter(positions, a, visitingTimes);
    }

    /**
     * @param times   valid times. Not modified.
     * @param mass    receives π(t)·1 per time, or null. Modified.
     * @param density receives π(t)·s per time, or null. Modified.
     */
    abstract void massAndDensity(double[] times, double[] mass, double[] density);

    /**
     * @param times         valid times. Not modified.
     * @param probabilities receives π(t) over transient positions per time, or null. Modified.
     * @param visiting      receives ∫₀ᵗ π(u) du over transient positions per time, or null. Modified.
     */
    abstract void vectors(double[] times, double[][] probabilities, double[][] visiting);
}
