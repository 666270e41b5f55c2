package org.jphasic.dist;

import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;

/**
 * <b>An approximation:</b> the reference library's forward-Euler discretisation of a continuous phase-type
 * distribution with granularity g (Røikjer, Hobolth &amp; Munch 2022, §2.11; algorithms.md §3.2), kept for
 * parity with phasic's numbers. Use {@link Uniformization} for exact values.
 *
 * <p>Time is cut into steps of 1/g and the chain P = I + S/g is iterated, π_k = α P^k. At time t the scheme
 * reports step k = ⌈g·t⌉, the first step whose time k/g is not before t:
 * <ul>
 *   <li>F(t) ≈ 1 − π_k·1 (so F(0) is the defect);</li>
 *   <li>f(t) ≈ g·(mass absorbed in step k) = π_{k−1}·s, and π_0·s at k = 0;</li>
 *   <li>P(X_t = v) ≈ (π_k)_v, and ∫₀ᵗ P(X_u = v) du ≈ (1/g)·Σ_{i=0}^{k} (π_i)_v (a left Riemann sum).</li>
 * </ul>
 * These are phasic's conventions, recovered from its printed numbers: Exp(1) gives pdf(1) = 0.36805917 at
 * g = 1024, 0.36789784 at g = 10,000 and 0.36972964 at g = 100 (exact 0.36787944); rabbits(2; 2, 4) at the default
 * g = 1024 gives the state probabilities at t = 0.2 of step 205 = ⌈204.8⌉ (0.55615316, …) and
 * Σ_v R_v·a_v(0.05) = 0.0011713 from the sum up to step 52 = ⌈51.2⌉, while ⌊g·t⌋ would give 0.55771835 and
 * 0.0011296.
 *
 * <p><b>Error bound.</b> The error is O(1/g), about λ²t/(2g) in practice. With λ the largest total rate,
 * s_max the largest exit rate and h = 2λ/g, the bounds below are rigorous (from ‖e^{S/g} − P‖_∞ ≤ h²e^h/2 and
 * ‖P‖_∞, ‖e^{S/g}‖_∞ ≤ 1, and |k/g − t| &lt; 1/g), with t' = t + 1/g: cdf and state probabilities
 * (2λ²t'·e^h + 2λ)/g, pdf s_max·(2λ²t'·e^h + 4λ)/g, visiting times (t'·(2λ²t'·e^h + 2λ) + 2)/g. They are
 * typically ten times the actual error. The bounds also include the rounding of the steps (negligible).
 *
 * <p><b>Cost.</b> O(g·t_max·(|V| + |E|)) for all times at once; the step loop allocates nothing.
 *
 * <pre>{@code
 * EulerDistribution d = EulerDistribution.of(graph, 10_000);
 * double f = d.pdf(1.0);
 * double bound = d.densityErrorBound(1.0);   // |f − exact| ≤ bound
 * }</pre>
 */
public final class EulerDistribution extends TransientDistribution {
    /** Relative slack in ⌈g·t⌉, so that t = k/g written in decimal lands on step k. */
    private static final double STEP_SLACK = 1e-12;

    private final JumpChain chain;
    private final double granularity;

    private EulerDistribution(JumpChain chain, double granularity) {
        super(chain);
        this.chain = chain;
        this.granularity = granularity;
    }

    /**
     * The Euler scheme with phasic's default granularity g = 2·max(512, λ_max), where λ_max is the largest total
     * rate of a vertex (the start's total initial probability included).
     *
     * @param graph a constant continuous graph
     * @return the approximation
     * @throws ParameterException if the graph is parameterized or discrete
     */
    public static EulerDistribution of(Graph graph) {
        Uniformization.requireContinuous(graph);
        return of(graph, defaultGranularity(graph));
    }

    /**
     * @param graph       a constant continuous graph
     * @param granularity g, steps per unit of time, at least the largest total rate of a transient vertex
     * @return the approximation
     * @throws ParameterException if the graph is parameterized or discrete, or g is too small or not finite
     */
    public static EulerDistribution of(Graph graph, double granularity) {
        Uniformization.requireContinuous(graph);
        double max = JumpChain.maxRate(graph);
        if (!(granularity > 0) || !Double.isFinite(granularity)) {
            throw new ParameterException("granularity is " + granularity + "; it must be positive and finite");
        }
        if (max > granularity * (1 + 1e-9)) {
            throw new ParameterException("granularity " + granularity + " is below the largest exit rate " + max
                    + "; increase the granularity to at least that (the default is 2·max(512, largest rate))");
        }
        return new EulerDistribution(JumpChain.of(graph, granularity), granularity);
    }

    /**
     * @param graph a constant graph
     * @return 2·max(512, largest total rate of any vertex, the start included)
     */
    public static double defaultGranularity(Graph graph) {
        double max = Math.max(JumpChain.maxRate(graph), graph.totalRate(Graph.START));
        return 2 * Math.max(512, max);
    }

    /** @return the granularity g */
    public double granularity() {
        return granularity;
    }

    /** @return the graph */
    public Graph graph() {
        return chain.graph();
    }

    /**
     * @param t a time, finite and non-negative
     * @return the step index k = ⌈g·t⌉ the scheme reports at t
     */
    public int step(double t) {
        Checks.time(t, "t");
        double k = Math.ceil(granularity * t * (1 - STEP_SLACK));
        if (k > Integer.MAX_VALUE - 1) {
            throw new ParameterException("t = " + t + " needs " + k + " Euler steps at granularity " + granularity
                    + "; use Uniformization for long horizons");
        }
        return (int) k;
    }

    private int[] steps(double[] times) {
        int[] steps = new int[times.length];
        for (int j = 0; j < times.length; j++) {
            steps[j] = step(times[j]);
        }
        return steps;
    }

    /** O(g·max(times)·(|V| + |E|)). */
    @Override
    void massAndDensity(double[] times, double[] mass, double[] density) {
        ForwardRecursion.evaluate(chain, steps(times), mass, density, null, null);
    }

    /** O(g·max(times)·(|V| + |E|)) plus O(|V|) per step for visiting times. */
    @Override
    void vectors(double[] times, double[][] probabilities, double[][] visiting) {
        ForwardRecursion.evaluate(chain, steps(times), null, null, probabilities, visiting);
        ForwardRecursion.scale(visiting, 1 / granularity);
    }

    /** @return (2λ²t'·e^h + 2λ)/g with h = 2λ/g, t' = t + 1/g */
    @Override
    public double probabilityErrorBound(double t) {
        Checks.time(t, "t");
        double rate = chain.maxRate();
        return (stepError(t) + 2 * rate) / granularity + rounding(t);
    }

    /** @return s_max·(2λ²t'·e^h + 4λ)/g */
    @Override
    public double densityErrorBound(double t) {
        Checks.time(t, "t");
        double rate = chain.maxRate();
        return chain.maxExitRate() * (stepError(t) + 4 * rate) / granularity
                + Math.max(1, chain.maxExitRate()) * rounding(t);
    }

    /** @return (t'·(2λ²t'·e^h + 2λ) + 2)/g */
    @Override
    public double visitingTimeErrorBound(double t) {
        Checks.time(t, "t");
        double rate = chain.maxRate();
        return ((t + 1 / granularity) * (stepError(t) + 2 * rate) + 2) / granularity
                + 2 * (t + 1 / granularity) * rounding(t);
    }

    /** The rounding bound of ⌈g·t⌉ steps ({@link JumpChain#roundingPerStep()}). */
    private double rounding(double t) {
        return (granularity * t + 2) * chain.roundingPerStep();
    }

    /** 2λ²t'·e^h: g times the bound on ‖αP^k − αe^{Sk/g}‖₁ for k ≤ g·t + 1. */
    private double stepError(double t) {
        double rate = chain.maxRate();
        return 2 * rate * rate * (t + 1 / granularity) * Math.exp(2 * rate / granularity);
    }

    @Override
    public String toString() {
        return "EulerDistribution[" + chain.graph() + ", g = " + granularity + " (approximation)]";
    }
}
