package org.jphasic.dist;

import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.reward.RewardTransform;

/**
 * Exact distribution functions of a continuous phase-type graph by uniformisation (Jensen 1953; Stewart 1994,
 * §8.6): with Λ = max_v λ_v over transient vertices and P = I + S/Λ,
 * <pre>
 *   α e^{St} = Σ_k Pois(k; Λt)·α P^k,   f(t) = α e^{St} s,   F(t) = 1 − α e^{St} 1,
 *   ∫₀ᵗ α e^{Su} du = (1/Λ)·Σ_k P(N_{Λt} &gt; k)·α P^k.
 * </pre>
 * The start vertex takes no time: α is applied at time 0 (the reference's gradient code instead uniformises
 * the start as an Exp(1) state, algorithms.md §3.4), so F(0) is the defect and f is the density of the
 * absorption time itself.
 *
 * <p><b>Accuracy.</b> Every value — pdf, cdf, each state probability, each visiting time — is within ε of the
 * exact one (default {@value #DEFAULT_EPSILON}), plus rounding of order (steps)·(in-degree)·2⁻⁵³ (included in
 * the {@code ...ErrorBound} methods, and negligible unless Λt is in the thousands): the Poisson series is
 * truncated to a window found from the mode outwards (Fox–Glynn), so no weight underflows however large Λt is,
 * and the tail beyond the window is bounded, not estimated. See {@link UniformizedSeries}.
 *
 * <p><b>Cost.</b> One pass for a whole vector of times: O((Λ·t_max + √(Λ·t_max·log(1/ε)))·(|V| + |E|)), the
 * vectors αP^k being shared by all times, plus O(|V|) per step and time for state vectors; the pass stops early
 * once the transient mass is below ε, so times long after absorption cost nothing extra (even beyond
 * Λt = 10⁹, where no Poisson window is built at all). Large Λt with mass still in the chain (a stiff model — one
 * fast rate, slow absorption) costs steps in proportion to Λt; there is no cheaper exact route through a sparse
 * graph.
 *
 * <pre>{@code
 * Uniformization d = Uniformization.of(Rabbits.graph(2, 2, 4));
 * double f = d.pdf(0.5);                                  // 0.76308952
 * double[] cdf = d.cdf(new double[] {0.25, 0.5, 1, 2});   // one pass
 * Uniformization reward = Uniformization.ofReward(graph, rewards);  // distribution of ∫ r(X_t) dt
 * }</pre>
 */
public final class Uniformization extends TransientDistribution {
    /** The default absolute error bound. */
    public static final double DEFAULT_EPSILON = 1e-12;

    private final JumpChain chain;
    private final double epsilon;

    private Uniformization(JumpChain chain, double epsilon) {
        super(chain);
        this.chain = chain;
        this.epsilon = epsilon;
    }

    /**
     * The distribution of a constant continuous graph's absorption time, with error bound
     * {@value #DEFAULT_EPSILON}.
     *
     * @param graph a constant continuous graph (use {@code graph.at(theta)} for a parameterized one)
     * @return the distribution
     * @throws ParameterException if the graph is parameterized or discrete
     */
    public static Uniformization of(Graph graph) {
        return of(graph, DEFAULT_EPSILON);
    }

    /**
     * @param graph   a constant continuous graph
     * @param epsilon the absolute error bound, in [1e-15, 1)
     * @return the distribution
     * @throws ParameterException if the graph is parameterized or discrete, or ε is out of range
     */
    public static Uniformization of(Graph graph, double epsilon) {
        Checks.epsilon(epsilon);
        requireContinuous(graph);
        return new Uniformization(JumpChain.uniformized(graph), epsilon);
    }

    /**
     * The distribution of an accumulated reward Y = ∫₀^τ r(X_t) dt, through the reward transformation
     * ({@link RewardTransform}): the transformed graph's absorption time is Y, its defect P(Y = 0). Vertex-indexed
     * results refer to the transformed graph.
     *
     * @param graph   a constant continuous graph
     * @param rewards one non-negative reward per vertex. Not modified.
     * @return the distribution of Y, error bound {@value #DEFAULT_EPSILON}
     */
    public static Uniformization ofReward(Graph graph, double[] rewards) {
        return ofReward(graph, rewards, DEFAULT_EPSILON);
    }

    /**
     * @param graph   a constant continuous graph
     * @param rewards one non-negative reward per vertex. Not modified.
     * @param epsilon the absolute error bound, in [1e-15, 1)
     * @return the distribution of Y = ∫₀^τ r(X_t) dt
     */
    public static Uniformization ofReward(Graph graph, double[] rewards, double epsilon) {
        requireContinuous(graph);
        return of(RewardTransform.transform(graph, rewards).graph(), epsilon);
    }

    static void requireContinuous(Graph graph) {
        JumpChain.requireConstant(graph);
        if (graph.isDiscrete()) {
            throw new ParameterException("the graph is discrete: its weights are jump probabilities. Use "
                    + "DiscreteDistribution for the distribution of the number of jumps");
        }
    }

    /** @return the graph */
    public Graph graph() {
        return chain.graph();
    }

    /** @return the error bound ε */
    public double epsilon() {
        return epsilon;
    }

    /** @return the uniformisation rate Λ, the largest total rate of a transient vertex */
    public double rate() {
        return chain.scale();
    }

    /** One pass of O(Λ·max(times)) steps. */
    @Override
    void massAndDensity(double[] times, double[] mass, double[] density) {
        UniformizedSeries.evaluate(chain, chain.initial(), times, epsilon, mass, density, null, null);
    }

    /** One pass of O(Λ·max(times)) steps plus O(|V|) per step and time. */
    @Override
    void vectors(double[] times, double[][] probabilities, double[][] visiting) {
        UniformizedSeries.evaluate(chain, chain.initial(), times, epsilon, null, null, probabilities, visiting);
    }

    /**
     * @return ε plus the rounding bound R(t) = K·(max in-degree + 2)·2⁻⁵³ of K ≈ Λt + 10√(Λt) + 40 steps
     */
    @Override
    public double probabilityErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + rounding(chain, t);
    }

    /** @return ε + max(1, max s_v)·R(t) */
    @Override
    public double densityErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + Math.max(1, chain.maxExitRate()) * rounding(chain, t);
    }

    /** @return ε + 2(t + 1/Λ)·R(t) */
    @Override
    public double visitingTimeErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + 2 * (t + 1 / chain.scale()) * rounding(chain, t);
    }

    /** The rounding bound of the steps a uniformised series over a time t takes. */
    static double rounding(JumpChain chain, double t) {
        double mean = chain.scale() * t;
        return (mean + 10 * Math.sqrt(mean) + 40) * chain.roundingPerStep();
    }

    @Override
    public String toString() {
        return "Uniformization[" + chain.graph() + ", Λ = " + chain.scale() + ", ε = " + epsilon + "]";
    }
}
