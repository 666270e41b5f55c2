package org.jphasic.dist;

import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.reward.RewardTransform;

/**
 * The exact distribution of the number of jumps τ to absorption of a discrete phase-type graph (Røikjer,
 * Hobolth &amp; Munch 2022, Algorithm 4), by the forward recursion π_k = π_{k−1}·T over its transient vertices
 * (T holds the jump probabilities, the missing mass 1 − λ_v of each vertex on its diagonal), with π_0 = α:
 * <ul>
 *   <li>pmf(0) = the defect, pmf(k) = π_{k−1}·t = α T^{k−1} t for k ≥ 1 (t: the jump probabilities into
 *       absorbing vertices);</li>
 *   <li>cdf(k) = 1 − π_k·1;</li>
 *   <li>state probabilities P(X_k = v) = (π_k)_v and accumulated visits Σ_{i=0}^{k} P(X_i = v), which tend to
 *       the expected numbers of visits αU as k → ∞.</li>
 * </ul>
 * Exact up to rounding; cost O(k_max·(|V| + |E|)) for a whole vector of jump counts in one pass.
 *
 * <pre>{@code
 * DiscreteDistribution d = DiscreteDistribution.of(geometric);
 * double[] pmf = d.pmf(new int[] {1, 2, 3});     // 0.3, 0.21, 0.147
 * }</pre>
 */
public final class DiscreteDistribution {
    private final JumpChain chain;
    private final double defect;

    private DiscreteDistribution(JumpChain chain) {
        this.chain = chain;
        this.defect = chain.graph().defect();
    }

    /**
     * @param graph a constant discrete graph
     * @return the distribution of its number of jumps
     * @throws ParameterException if the graph is parameterized or continuous
     */
    public static DiscreteDistribution of(Graph graph) {
        requireDiscrete(graph);
        return new DiscreteDistribution(JumpChain.of(graph, 1.0));
    }

    /**
     * The distribution of an accumulated integer reward Y = Σ_{k&lt;τ} r(X_k), through the discrete reward
     * transformation ({@link RewardTransform}): pmf(0) = P(Y = 0). Vertex-indexed results refer to the
     * transformed graph.
     *
     * @param graph   a constant discrete graph
     * @param rewards one non-negative integer reward per vertex. Not modified.
     * @return the distribution of Y
     */
    public static DiscreteDistribution ofReward(Graph graph, double[] rewards) {
        requireDiscrete(graph);
        return of(RewardTransform.transform(graph, rewards).graph());
    }

    private static void requireDiscrete(Graph graph) {
        JumpChain.requireConstant(graph);
        if (!graph.isDiscrete()) {
            throw new ParameterException("the graph is continuous: its weights are rates. Use Uniformization for "
                    + "the distribution of its absorption time");
        }
    }

    /** @return the graph */
    public Graph graph() {
        return chain.graph();
    }

    /** @return the number of vertices */
    public int vertexCount() {
        return chain.graph().vertexCount();
    }

    /**
     * Evaluates the probability and distribution functions at several jump counts in one pass.
     *
     * @param jumps the jump counts, non-negative, any order. Not modified.
     * @param pmf   receives P(τ = k) per count, or null. Modified.
     * @param cdf   receives P(τ ≤ k) per count, or null. Modified.
     * @throws ParameterException if a count is negative or an output has the wrong length
     */
    public void evaluate(int[] jumps, double[] pmf, double[] cdf) {
        Checks.jumps(jumps);
        Checks.output(pmf, jumps.length, "pmf");
        Checks.output(cdf, jumps.length, "cdf");
        ForwardRecursion.evaluate(chain, jumps, cdf, pmf, null, null);
        for (int j = 0; j < jumps.length; j++) {
            if (cdf != null) {
                cdf[j] = 1 - cdf[j];
            }
            if (pmf != null && jumps[j] == 0) {
                pmf[j] = defect;
            }
        }
    }

    /**
     * @param jumps the jump counts. Not modified.
     * @return P(τ = k) for each
     */
    public double[] pmf(int[] jumps) {
        double[] out = new double[jumps.length];
        evaluate(jumps, out, null);
        return out;
    }

    /**
     * @param jumps the jump counts. Not modified.
     * @return P(τ ≤ k) for each
     */
    public double[] cdf(int[] jumps) {
        double[] out = new double[jumps.length];
        evaluate(jumps, null, out);
        return out;
    }

    /**
     * @param k a jump count
     * @return P(τ = k)
     */
    public double pmf(int k) {
        return pmf(new int[] {k})[0];
    }

    /**
     * @param k a jump count
     * @return P(τ ≤ k)
     */
    public double cdf(int k) {
        return cdf(new int[] {k})[0];
    }

    /**
     * State probabilities and accumulated visits at several jump counts in one pass.
     *
     * @param jumps         the jump counts, non-negative, any order. Not modified.
     * @param probabilities receives P(X_k = v), one array of {@link #vertexCount()} entries per count, or null.
     *                      Modified.
     * @param visits        receives Σ_{i=0}^{k} P(X_i = v), one array per count, or null. Modified.
     */
    public void evaluateStates(int[] jumps, double[][] probabilities, double[][] visits) {
        Checks.jumps(jumps);
        Checks.vectors(probabilities, jumps.length, vertexCount(), "probabilities");
        Checks.vectors(visits, jumps.length, vertexCount(), "visits");
        double[][] p = ForwardRecursion.buffers(probabilities != null, jumps.length, chain);
        double[][] a = ForwardRecursion.buffers(visits != null, jumps.length, chain);
        ForwardRecursion.evaluate(chain, jumps, null, null, p, a);
        ForwardRecursion.scatter(chain, p, probabilities);
        ForwardRecursion.scatter(chain, a, visits);
    }

    /**
     * @param k a jump count
     * @return P(X_k = v) per vertex (0 for the start and absorbing vertices)
     */
    public double[] stateProbabilities(int k) {
        double[][] out = {new double[vertexCount()]};
        evaluateStates(new int[] {k}, out, null);
        return out[0];
    }

    /**
     * @param k a jump count
     * @return Σ_{i=0}^{k} P(X_i = v) per vertex: the expected number of visits to v among X_0..X_k
     */
    public double[] accumulatedVisits(int k) {
        double[][] out = {new double[vertexCount()]};
        evaluateStates(new int[] {k}, null, out);
        return out[0];
    }

    @Override
    public String toString() {
        return "DiscreteDistribution[" + chain.graph() + "]";
    }
}
