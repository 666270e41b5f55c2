package org.jphasic.dist;

import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;

/**
 * The transient part of a constant graph as a substochastic jump matrix P = I + S/Λ over its transient vertices
 * (neither the start nor absorbing): the uniformised chain for Λ ≥ max λ_v, the forward-Euler chain for Λ = g,
 * and the discrete chain itself for Λ = 1 (then P = T). Stored transposed (incoming edges per vertex), so that
 * one step {@code next = current·P} writes every entry once: next[v] = current[v]·(1 − λ_v/Λ) + Σ_{u→v}
 * current[u]·w(u→v)/Λ. Edges into absorbing vertices only enter the exit rates s_v = Σ_{v→z, z absorbing} w.
 *
 * <p>Vectors are indexed by transient position 0..{@link #size()}−1, in increasing vertex order; graphs with
 * the same vertex count and the same absorbing vertices therefore share positions. Immutable; one step costs
 * O(|V| + |E|) and allocates nothing.
 */
final class JumpChain {
    private final Graph graph;
    private final double scale;
    private final int[] vertexOf;
    private final int[] positionOf;
    private final double[] initial;
    private final int[] inOffsets;
    private final int[] inSources;
    private final double[] inProbabilities;
    private final double[] stay;
    private final double[] exitRates;
    private final double maxExitRate;
    private final double maxRate;
    private final double roundingPerStep;

    private JumpChain(Graph graph, double scale, double maxRate) {
        this.graph = graph;
        this.scale = scale;
        this.maxRate = maxRate;
        int n = graph.vertexCount();
        positionOf = new int[n];
        int p = 0;
        for (int v = 0; v < n; v++) {
            positionOf[v] = isTransient(graph, v) ? p++ : -1;
        }
        vertexOf = new int[p];
        for (int v = 0; v < n; v++) {
            if (positionOf[v] >= 0) {
                vertexOf[positionOf[v]] = v;
            }
        }
        initial = new double[p];
        for (int e = graph.edgeStart(Graph.START); e < graph.edgeEnd(Graph.START); e++) {
            int t = positionOf[graph.edgeTarget(e)];
            if (t >= 0) {
                initial[t] += graph.edgeWeight(e);
            }
        }
        inOffsets = new int[p + 1];
        stay = new double[p];
        exitRates = new double[p];
        for (int i = 0; i < p; i++) {
            int v = vertexOf[i];
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                int t = positionOf[graph.edgeTarget(e)];
                if (t >= 0) {
                    inOffsets[t + 1]++;
                }
            }
        }
        for (int i = 0; i < p; i++) {
            inOffsets[i + 1] += inOffsets[i];
        }
        inSources = new int[inOffsets[p]];
        inProbabilities = new double[inOffsets[p]];
        int[] fill = new int[p];
        System.arraycopy(inOffsets, 0, fill, 0, p);
        double largestExit = 0;
        for (int i = 0; i < p; i++) {
            int v = vertexOf[i];
            double total = 0;
            double exit = 0;
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                double w = graph.edgeWeight(e);
                total += w;
                int t = positionOf[graph.edgeTarget(e)];
                if (t >= 0) {
                    inSources[fill[t]] = i;
                    inProbabilities[fill[t]++] = w / scale;
                } else {
                    exit += w;
                }
            }
            stay[i] = (scale - total) / scale;
            exitRates[i] = exit;
            largestExit = Math.max(largestExit, exit);
        }
        maxExitRate = largestExit;
        int maxInDegree = 0;
        for (int i = 0; i < p; i++) {
            maxInDegree = Math.max(maxInDegree, inOffsets[i + 1] - inOffsets[i]);
        }
        roundingPerStep = (maxInDegree + 2) * 0x1p-53;
    }

    /**
     * The chain P = I + S/Λ of a constant graph.
     *
     * @param graph a constant graph (continuous, or discrete with {@code scale} 1)
     * @param scale Λ, at least the largest total rate of a transient vertex; for a continuous graph with no
     *              transient vertex any positive value
     * @return the chain
     * @throws ParameterException if the graph is parameterized or Λ is below the largest rate
     */
    static JumpChain of(Graph graph, double scale) {
        requireConstant(graph);
        double max = maxRate(graph);
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new ParameterException("the uniformisation rate must be positive and finite, got " + scale);
        }
        if (max > scale * (1 + 1e-9)) {
            throw new ParameterException("the step rate " + scale + " is below the largest exit rate " + max
                    + " of a transient vertex; it must be at least that large");
        }
        return new JumpChain(graph, scale, max);
    }

    /**
     * The uniformised chain with Λ = max λ_v (1 when there is no transient vertex).
     *
     * @param graph a constant continuous graph
     * @return the chain
     */
    static JumpChain uniformized(Graph graph) {
        requireConstant(graph);
        double max = maxRate(graph);
        return new JumpChain(graph, max > 0 ? max : 1.0, max);
    }

    static void requireConstant(Graph graph) {
        if (graph.isParameterized()) {
            throw new ParameterException("the graph is parameterized with " + graph.parameterCount()
                    + " parameters; distribution functions need concrete weights: use graph.at(theta)");
        }
    }

    /** @return the largest total rate (discrete: total jump probability) of a transient vertex, 0 if none */
    static double maxRate(Graph graph) {
        double max = 0;
        for (int v = 1; v < graph.vertexCount(); v++) {
            if (!graph.isAbsorbing(v)) {
                max = Math.max(max, graph.totalRate(v));
            }
        }
        return max;
    }

    private static boolean isTransient(Graph graph, int v) {
        return v != Graph.START && !graph.isAbsorbing(v);
    }

    /** @return the graph */
    Graph graph() {
        return graph;
    }

    /** @return the number of transient vertices */
    int size() {
        return vertexOf.length;
    }

    /** @return Λ */
    double scale() {
        return scale;
    }

    /** @return the largest total rate of a transient vertex (0 if none) */
    double maxRate() {
        return maxRate;
    }

    /** @return the largest exit rate s_v into absorbing vertices (0 if none) */
    double maxExitRate() {
        return maxExitRate;
    }

    /**
     * A first-order bound on the rounding error one step adds to a vector, relative to its mass: every entry of
     * current·P is a sum of at most (in-degree + 1) non-negative products, so the step's ℓ1 rounding error is at
     * most (max in-degree + 2)·2⁻⁵³ times the vector's mass.
     *
     * @return (max in-degree + 2)·2⁻⁵³
     */
    double roundingPerStep() {
        return roundingPerStep;
    }

    /** @return a fresh copy of α restricted to transient vertices */
    double[] initial() {
        return initial.clone();
    }

    /**
     * @param position a transient position
     * @return its vertex
     */
    int vertex(int position) {
        return vertexOf[position];
    }

    /**
     * Whether another chain has the same transient vertices (so vectors carry over position by position).
     *
     * @param other another chain
     * @return whether the vertex count and the transient vertices agree
     */
    boolean sameVertices(JumpChain other) {
        return graph.vertexCount() == other.graph.vertexCount() && Arrays.equals(vertexOf, other.vertexOf);
    }

    /**
     * One step, {@code next = current·P}, with the sums of the new vector.
     *
     * @param current the distribution over transient positions, length {@link #size()}. Not modified.
     * @param next    receives current·P, length {@link #size()}, not {@code current}. Modified.
     * @param sums    receives [Σ next, Σ next_v·s_v]: the transient mass and the density of absorption.
     *                Modified.
     */
    void step(double[] current, double[] next, double[] sums) {
        double mass = 0;
        double density = 0;
        int[] offsets = inOffsets;
        int[] sources = inSources;
        double[] probabilities = inProbabilities;
        for (int v = 0, n = next.length; v < n; v++) {
            double x = current[v] * stay[v];
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                x += current[sources[e]] * probabilities[e];
            }
            next[v] = x;
            mass += x;
            density += x * exitRates[v];
        }
        sums[0] = mass;
        sums[1] = density;
    }

    /**
     * The sums of a vector, as {@link #step} reports them.
     *
     * @param current a distribution over transient positions. Not modified.
     * @param sums    receives [Σ current, Σ current_v·s_v]. Modified.
     */
    void sums(double[] current, double[] sums) {
        double mass = 0;
        double density = 0;
        for (int v = 0; v < current.length; v++) {
            mass += current[v];
            density += current[v] * exitRates[v];
        }
        sums[0] = mass;
        sums[1] = density;
    }

    /**
     * Spreads a vector over transient positions onto all vertices.
     *
     * @param positions one value per transient position. Not modified.
     * @param vertices  receives one value per vertex, 0 for the start and absorbing vertices. Modified.
     */
    void scatter(double[] positions, double[] vertices) {
        Arrays.fill(vertices, 0);
        for (int i = 0; i < positions.length; i++) {
            vertices[vertexOf[i]] = positions[i];
        }
    }
}
