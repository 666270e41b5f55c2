package org.jphasic.graph;

import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.scc.Components;

/**
 * An immutable state-space graph of a phase-type distribution, stored in compressed sparse row (CSR) form.
 *
 * <p>Vertex {@value #START} is the starting vertex S: its out-edges are the initial probability vector α
 * (constant, summing to at most one; the rest is the defect, mass absorbed at time zero) and it carries no
 * time. A vertex without out-edges is absorbing. Every other vertex is transient; in a continuous graph its
 * out-edge weights are rates, in a discrete graph they are jump probabilities summing to at most one (the rest
 * is the implicit self-transition). Vertices are identified by index, never by state: a user state equal to
 * the start's all-zero state is a different vertex.
 *
 * <p>An edge is either constant (a weight) or parameterized (a coefficient vector c, weight c·θ for a
 * parameter vector θ of length {@link #parameterCount()}). Edges out of the start are always constant.
 * {@link #at(double[])} gives the constant graph for one θ.
 *
 * <p>Graphs are built by {@link GraphBuilder} or {@link StateSpace}, which validate them; a {@code Graph} is
 * therefore always valid and safe to share between threads.
 *
 * <pre>{@code
 * for (int v = 0; v < g.vertexCount(); v++) {
 *     for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
 *         int target = g.edgeTarget(e);
 *         double rate = g.edgeWeight(e);
 *     }
 * }
 * }</pre>
 */
public final class Graph {
    /** The index of the starting vertex. */
    public static final int START = 0;

    private final int vertexCount;
    private final int stateLength;
    private final int parameterCount;
    private final boolean discrete;
    private final int[] states;
    private final int[] offsets;
    private final int[] targets;
    private final double[] weights;
    /** Per edge: is it parameterized? {@code null} when no edge is. */
    private final boolean[] parameterized;
    /** {@code edgeCount * parameterCount} coefficients, {@code null} when no edge is parameterized. */
    private final double[] coefficients;

    private volatile Components components;

    Graph(int vertexCount, int stateLength, int parameterCount, boolean discrete, int[] states, int[] offsets,
          int[] targets, double[] weights, boolean[] parameterized, double[] coefficients) {
        this.vertexCount = vertexCount;
        this.stateLength = stateLength;
        this.parameterCount = parameterCount;
        this.discrete = discrete;
        this.states = states;
        this.offsets = offsets;
        this.targets = targets;
        this.weights = weights;
        this.parameterized = parameterized;
        this.coefficients = coefficients;
    }

    /** @return the number of vertices, including the start and the absorbing vertices */
    public int vertexCount() {
        return vertexCount;
    }

    /** @return the number of edges, including the start's */
    public int edgeCount() {
        return targets.length;
    }

    /** @return the length of every state vector */
    public int stateLength() {
        return stateLength;
    }

    /** @return the length of the parameter vector θ that parameterized edges expect (0 if none) */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return whether weights are jump probabilities of a discrete phase-type distribution */
    public boolean isDiscrete() {
        return discrete;
    }

    /** @return whether some edge is parameterized, so that weights need a θ ({@link #at(double[])}) */
    public boolean isParameterized() {
        return parameterized != null;
    }

    /**
     * @param vertex a vertex index
     * @return a copy of its state vector
     */
    public int[] state(int vertex) {
        checkVertex(vertex);
        return Arrays.copyOfRange(states, vertex * stateLength, (vertex + 1) * stateLength);
    }

    /**
     * @param vertex a vertex index
     * @param slot   a position in the state vector
     * @return the state vector's entry at that position
     */
    public int stateValue(int vertex, int slot) {
        checkVertex(vertex);
        if (slot < 0 || slot >= stateLength) {
            throw new IndexOutOfBoundsException("state slot " + slot + " outside [0, " + stateLength + ")");
        }
        return states[vertex * stateLength + slot];
    }

    /**
     * @param vertex a vertex index
     * @return the index of its first out-edge
     */
    public int edgeStart(int vertex) {
        return offsets[vertex];
    }

    /**
     * @param vertex a vertex index
     * @return one past the index of its last out-edge
     */
    public int edgeEnd(int vertex) {
        return offsets[vertex + 1];
    }

    /**
     * @param vertex a vertex index
     * @return its number of out-edges
     */
    public int outDegree(int vertex) {
        return offsets[vertex + 1] - offsets[vertex];
    }

    /**
     * @param vertex a vertex index
     * @return whether it has no out-edges (the start never counts as absorbing)
     */
    public boolean isAbsorbing(int vertex) {
        return vertex != START && offsets[vertex + 1] == offsets[vertex];
    }

    /**
     * @param edge an edge index
     * @return its target vertex
     */
    public int edgeTarget(int edge) {
        return targets[edge];
    }

    /**
     * Finds the source of an edge by binary search over the row offsets, O(log |V|).
     *
     * @param edge an edge index
     * @return the vertex the edge leaves
     */
    public int edgeSource(int edge) {
        if (edge < 0 || edge >= targets.length) {
            throw new IndexOutOfBoundsException("edge " + edge + " outside [0, " + targets.length + ")");
        }
        int lo = 0;
        int hi = vertexCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= edge) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * @param edge an edge index
     * @return whether its weight is c·θ for a coefficient vector c
     */
    public boolean isEdgeParameterized(int edge) {
        return parameterized != null && parameterized[edge];
    }

    /**
     * The weight of a constant edge.
     *
     * @param edge an edge index
     * @return its weight (a rate, or a probability in a discrete graph)
     * @throws ParameterException if the edge is parameterized: use {@link #at(double[])} first
     */
    public double edgeWeight(int edge) {
        if (parameterized != null && parameterized[edge]) {
            throw new ParameterException("edge " + describeEdge(edge) + " is parameterized; its weight depends on "
                    + "θ. Use graph.at(theta) to get the graph for one parameter vector");
        }
        return weights[edge];
    }

    /**
     * @param edge  an edge index
     * @param index a parameter index
     * @return the coefficient of θ[index] in the edge's weight (0 for constant edges)
     */
    public double coefficient(int edge, int index) {
        if (index < 0 || index >= parameterCount) {
            throw new IndexOutOfBoundsException("parameter " + index + " outside [0, " + parameterCount + ")");
        }
        return parameterized != null && parameterized[edge] ? coefficients[edge * parameterCount + index] : 0.0;
    }

    /**
     * @param edge an edge index
     * @return a copy of the edge's coefficient vector (length {@link #parameterCount()})
     * @throws ParameterException if the edge is constant
     */
    public double[] coefficients(int edge) {
        if (!isEdgeParameterized(edge)) {
            throw new ParameterException("edge " + describeEdge(edge) + " is constant; it has no coefficients");
        }
        return Arrays.copyOfRange(coefficients, edge * parameterCount, (edge + 1) * parameterCount);
    }

    /**
     * The weight of an edge at a parameter vector: the constant weight, or c·θ.
     *
     * @param edge  an edge index
     * @param theta the parameters, length {@link #parameterCount()}. Not modified.
     * @return the weight
     */
    public double edgeWeight(int edge, double[] theta) {
        if (parameterized == null || !parameterized[edge]) {
            return weights[edge];
        }
        double w = 0;
        int base = edge * parameterCount;
        for (int k = 0; k < parameterCount; k++) {
            w += coefficients[base + k] * theta[k];
        }
        return w;
    }

    /**
     * The total out-rate λ_v (sum of out-edge weights) of a vertex of a constant graph.
     *
     * @param vertex a vertex index
     * @return λ_v, 0 for absorbing vertices
     */
    public double totalRate(int vertex) {
        double sum = 0;
        for (int e = offsets[vertex]; e < offsets[vertex + 1]; e++) {
            sum += edgeWeight(e);
        }
        return sum;
    }

    /**
     * The defect: the probability that the process is absorbed at time zero, one minus the initial probability
     * of the transient vertices.
     *
     * @return 1 − Σ α_v over transient v, in [0, 1]
     */
    public double defect() {
        double transientMass = 0;
        for (int e = offsets[START]; e < offsets[START + 1]; e++) {
            if (!isAbsorbing(targets[e])) {
                transientMass += weights[e];
            }
        }
        return Math.max(0.0, 1.0 - transientMass);
    }

    /**
     * The constant graph for one parameter vector: every parameterized edge gets weight c·θ.
     *
     * @param theta the parameters, length {@link #parameterCount()}. Not modified.
     * @return a constant graph with the same vertices, states and edges
     * @throws ParameterException if θ has the wrong length or is not finite, or it makes a weight negative, a
     *                            non-absorbing vertex's total rate zero, or a class closed
     */
    public Graph at(double[] theta) {
        checkTheta(theta);
        if (parameterized == null) {
            return this;
        }
        double[] w = weights.clone();
        for (int e = 0; e < w.length; e++) {
            if (parameterized[e]) {
                w[e] = edgeWeight(e, theta);
            }
        }
        Graph result = new Graph(vertexCount, stateLength, 0, discrete, states, offsets, targets, w, null, null);
        GraphValidator.validateAt(result, theta);
        return result;
    }

    /**
     * Checks a parameter vector's length and finiteness.
     *
     * @param theta the parameters. Not modified.
     * @throws ParameterException if θ has the wrong length or an entry that is NaN or infinite
     */
    public void checkTheta(double[] theta) {
        if (theta == null) {
            throw new ParameterException("theta is missing: this graph expects " + parameterCount + " parameters");
        }
        if (theta.length != parameterCount) {
            throw new ParameterException("theta has length " + theta.length + " but this graph has "
                    + parameterCount + " parameters" + (parameterCount == 0 ? " (it is not parameterized)" : ""));
        }
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) {
                throw new ParameterException("theta[" + k + "] is " + theta[k] + "; parameters must be finite");
            }
        }
    }

    /**
     * The strongly connected components, computed on first use and kept.
     *
     * @return the components, numbered upstream first
     */
    public Components components() {
        Components c = components;
        if (c == null) {
            c = Components.of(vertexCount, offsets, targets, null);
            components = c;
        }
        return c;
    }

    /**
     * @param vertex a vertex index
     * @return a description such as {@code vertex 3 (state [1, 0])}, for messages
     */
    public String describeVertex(int vertex) {
        if (vertex == START) {
            return "vertex 0 (the starting vertex)";
        }
        return "vertex " + vertex + " (state " + Arrays.toString(state(vertex)) + ")";
    }

    /**
     * @param edge an edge index
     * @return a description such as {@code 3 -> 5 (state [1, 0] -> [0, 1])}, for messages
     */
    public String describeEdge(int edge) {
        int from = edgeSource(edge);
        int to = targets[edge];
        return from + " -> " + to + " (state " + Arrays.toString(state(from)) + " -> "
                + Arrays.toString(state(to)) + ")";
    }

    private void checkVertex(int vertex) {
        if (vertex < 0 || vertex >= vertexCount) {
            throw new IndexOutOfBoundsException("vertex " + vertex + " outside [0, " + vertexCount + ")");
        }
    }

    @Override
    public String toString() {
        return "Graph[" + vertexCount + " vertices, " + targets.length + " edges, state length " + stateLength
                + (parameterized != null ? ", " + parameterCount + " parameters" : "")
                + (discrete ? ", discrete" : "") + "]";
    }
}
