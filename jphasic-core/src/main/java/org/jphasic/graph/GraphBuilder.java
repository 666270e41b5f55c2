package org.jphasic.graph;

import java.util.Arrays;
import org.jphasic.InvalidGraphException;

/**
 * Builds a {@link Graph} vertex by vertex and edge by edge, checking every argument as it is given and the whole
 * graph in {@link #build()}.
 *
 * <p>Vertex 0, the starting vertex, exists from the start; its state is all zeros but it is not registered for
 * look-up by state, so a user state of all zeros is a different vertex. {@link #findOrCreateVertex(int[])}
 * returns the vertex with a given state, creating it if needed; {@link #addVertex(int[])} always creates one
 * (several vertices may share a state).
 *
 * <p><b>Duplicate edges are merged by summing.</b> Two transitions from u to v are competing events with the
 * same outcome, so their rates add (coefficient vectors add for parameterized edges). A constant and a
 * parameterized edge between the same pair cannot be merged into a weight c·θ and are rejected.
 *
 * <pre>{@code
 * GraphBuilder b = new GraphBuilder(1);             // state length 1
 * int a = b.findOrCreateVertex(new int[] {1});
 * int absorbing = b.findOrCreateVertex(new int[] {0});
 * b.addEdge(Graph.START, a, 1.0);                   // initial probability
 * b.addEdge(a, absorbing, 2.0);                     // rate
 * Graph exp2 = b.build();                           // Exp(2)
 * }</pre>
 */
public final class GraphBuilder {
    private final int stateLength;
    private final int parameterCount;
    private boolean discrete;

    private final StateIndex index;
    private int[] states;
    private int vertexCount;

    private int[] edgeFrom = new int[16];
    private int[] edgeTo = new int[16];
    private double[] edgeWeight = new double[16];
    private boolean[] edgeParameterized;
    private double[] edgeCoefficients;
    private int edgeCount;
    private boolean anyParameterized;
    private boolean built;

    /**
     * A builder for a constant graph.
     *
     * @param stateLength the length of every state vector, at least 0
     */
    public GraphBuilder(int stateLength) {
        this(stateLength, 0);
    }

    /**
     * A builder for a graph whose parameterized edges have coefficient vectors of length {@code parameterCount}.
     *
     * @param stateLength    the length of every state vector, at least 0
     * @param parameterCount the length of θ, at least 0
     */
    public GraphBuilder(int stateLength, int parameterCount) {
        if (stateLength < 0) {
            throw new IllegalArgumentException("stateLength must be >= 0, got " + stateLength);
        }
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameterCount must be >= 0, got " + parameterCount);
        }
        this.stateLength = stateLength;
        this.parameterCount = parameterCount;
        this.index = new StateIndex(stateLength, 1024);
        this.states = new int[Math.max(1, 1024 * stateLength)];
        this.vertexCount = 1; // the start, all zeros, not in the index
        if (parameterCount > 0) {
            edgeParameterized = new boolean[16];
            edgeCoefficients = new double[16 * parameterCount];
        }
    }

    /**
     * Makes the graph discrete: weights are jump probabilities and each vertex's out-weights sum to at most one.
     *
     * @return this builder
     */
    public GraphBuilder discrete() {
        this.discrete = true;
        return this;
    }

    /** @return the length of every state vector */
    public int stateLength() {
        return stateLength;
    }

    /** @return the length of θ */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return the number of vertices so far, including the start */
    public int vertexCount() {
        return vertexCount;
    }

    /**
     * Creates a vertex with the given state, even if another vertex has the same state. The state is not
     * registered for {@link #findVertex(int[])} unless no vertex had it yet.
     *
     * @param state the state, length {@link #stateLength()}. Not modified.
     * @return the new vertex's index
     */
    public int addVertex(int[] state) {
        checkState(state);
        int v = appendVertex(state);
        if (index.find(state) < 0) {
            index.put(state, v);
        }
        return v;
    }

    /**
     * Returns the vertex registered for a state, creating it if there is none.
     *
     * @param state the state, length {@link #stateLength()}. Not modified.
     * @return the vertex's index
     */
    public int findOrCreateVertex(int[] state) {
        checkState(state);
        int v = index.find(state);
        if (v >= 0) {
            return v;
        }
        v = appendVertex(state);
        index.put(state, v);
        return v;
    }

    /**
     * @param state a state, length {@link #stateLength()}. Not modified.
     * @return the vertex registered for it, or -1 (the start is never found by state)
     */
    public int findVertex(int[] state) {
        checkState(state);
        return index.find(state);
    }

    /**
     * Copies a vertex's state into {@code out}.
     *
     * @param vertex a vertex index
     * @param out    receives the state, length {@link #stateLength()}. Modified.
     */
    public void stateOf(int vertex, int[] out) {
        checkVertex("vertex", vertex);
        System.arraycopy(states, vertex * stateLength, out, 0, stateLength);
    }

    /**
     * Adds a constant edge. Out of the start the weight is an initial probability; elsewhere a rate (or a jump
     * probability in a discrete graph).
     *
     * @param from   the source vertex
     * @param to     the target vertex, not the start and not {@code from}
     * @param weight the weight, finite and non-negative
     * @return this builder
     * @throws InvalidGraphException for a self-loop, an edge into the start, a bad weight or an unknown vertex
     */
    public GraphBuilder addEdge(int from, int to, double weight) {
        checkEdge(from, to);
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new InvalidGraphException("edge " + from + " -> " + to + " has weight " + weight
                    + "; weights must be finite and non-negative");
        }
        int e = appendEdge(from, to, weight);
        if (edgeParameterized != null) {
            edgeParameterized[e] = false;
        }
        return this;
    }

    /**
     * Adds a parameterized edge with weight c·θ. Edges out of the start cannot be parameterized.
     *
     * @param from         the source vertex, not the start
     * @param to           the target vertex, not the start and not {@code from}
     * @param coefficients c, length {@link #parameterCount()}, finite. Not modified.
     * @return this builder
     * @throws InvalidGraphException for a self-loop, an edge into or out of the start, bad coefficients or an
     *                               unknown vertex
     */
    public GraphBuilder addParameterizedEdge(int from, int to, double... coefficients) {
        checkEdge(from, to);
        if (parameterCount == 0) {
            throw new InvalidGraphException("edge " + from + " -> " + to + " is parameterized but the builder has "
                    + "no parameters; create it with new GraphBuilder(stateLength, parameterCount)");
        }
        if (from == Graph.START) {
            throw new InvalidGraphException("edge 0 -> " + to + " leaves the starting vertex and cannot be "
                    + "parameterized: initial probabilities are constants");
        }
        if (coefficients == null || coefficients.length != parameterCount) {
            throw new InvalidGraphException("edge " + from + " -> " + to + " has "
                    + (coefficients == null ? "no" : String.valueOf(coefficients.length))
                    + " coefficients; expected " + parameterCount + " (one per parameter)");
        }
        for (int k = 0; k < parameterCount; k++) {
            if (!Double.isFinite(coefficients[k])) {
                throw new InvalidGraphException("edge " + from + " -> " + to + " has coefficient " + k + " = "
                        + coefficients[k] + "; coefficients must be finite");
            }
        }
        int e = appendEdge(from, to, 0.0);
        edgeParameterized[e] = true;
        System.arraycopy(coefficients, 0, edgeCoefficients, e * parameterCount, parameterCount);
        anyParameterized = true;
        return this;
    }

    /**
     * Builds and validates the graph. The builder cannot be used afterwards.
     *
     * @return the graph
     * @throws InvalidGraphException if the initial probabilities sum above one, a transient vertex has total
     *                               rate zero, a closed class has no path to absorption, a discrete vertex's
     *                               probabilities sum above one, or duplicate edges mix constant and
     *                               parameterized weights
     */
    public Graph build() {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        built = true;
        int n = vertexCount;
        int[] count = new int[n + 1];
        for (int i = 0; i < edgeCount; i++) {
            count[edgeFrom[i] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            count[v + 1] += count[v];
        }
        int[] order = new int[edgeCount];
        int[] fill = Arrays.copyOf(count, n);
        for (int i = 0; i < edgeCount; i++) {
            order[fill[edgeFrom[i]]++] = i;
        }

        // Merge duplicates vertex by vertex; position[t] holds the output index of the edge to t (stamped).
        int[] position = new int[n];
        int[] stamp = new int[n];
        int[] offsets = new int[n + 1];
        int[] targets = new int[edgeCount];
        double[] weights = new double[edgeCount];
        boolean[] paramFlags = anyParameterized ? new boolean[edgeCount] : null;
        double[] coeffs = anyParameterized ? new double[edgeCount * parameterCount] : null;
        int out = 0;
        for (int v = 0; v < n; v++) {
            offsets[v] = out;
            for (int j = count[v]; j < count[v + 1]; j++) {
                int i = order[j];
                int t = edgeTo[i];
                boolean param = edgeParameterized != null && edgeParameterized[i];
                if (stamp[t] == v + 1) {
                    int o = position[t];
                    boolean existingParam = paramFlags != null && paramFlags[o];
                    if (existingParam != param) {
                        throw new InvalidGraphException("duplicate edges " + v + " -> " + t + " (state "
                                + Arrays.toString(stateCopy(v)) + " -> " + Arrays.toString(stateCopy(t))
                                + ") mix a constant and a parameterized weight; they cannot be merged into one "
                                + "weight c·θ. Express the constant part through a parameter or use one kind");
                    }
                    if (param) {
                        for (int k = 0; k < parameterCount; k++) {
                            coeffs[o * parameterCount + k] += edgeCoefficients[i * parameterCount + k];
                        }
                    } else {
                        weights[o] += edgeWeight[i];
                    }
                    continue;
                }
                stamp[t] = v + 1;
                position[t] = out;
                targets[out] = t;
                weights[out] = param ? 0.0 : edgeWeight[i];
                if (paramFlags != null) {
                    paramFlags[out] = param;
                    if (param) {
                        System.arraycopy(edgeCoefficients, i * parameterCount, coeffs, out * parameterCount,
                                parameterCount);
                    }
                }
                out++;
            }
        }
        offsets[n] = out;
        if (out < edgeCount) {
            targets = Arrays.copyOf(targets, out);
            weights = Arrays.copyOf(weights, out);
            if (paramFlags != null) {
                paramFlags = Arrays.copyOf(paramFlags, out);
                coeffs = Arrays.copyOf(coeffs, out * parameterCount);
            }
        }
        int[] finalStates = Arrays.copyOf(states, n * stateLength);
        Graph g = new Graph(n, stateLength, parameterCount, discrete, finalStates, offsets, targets, weights,
                paramFlags, coeffs);
        GraphValidator.validateBuilt(g);
        return g;
    }

    private int appendVertex(int[] state) {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        int v = vertexCount++;
        if (vertexCount * stateLength > states.length) {
            states = Arrays.copyOf(states, Math.max(states.length * 2, vertexCount * stateLength));
        }
        System.arraycopy(state, 0, states, v * stateLength, stateLength);
        return v;
    }

    private int appendEdge(int from, int to, double weight) {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        if (edgeCount == edgeFrom.length) {
            int capacity = edgeFrom.length * 2;
            edgeFrom = Arrays.copyOf(edgeFrom, capacity);
            edgeTo = Arrays.copyOf(edgeTo, capacity);
            edgeWeight = Arrays.copyOf(edgeWeight, capacity);
            if (edgeParameterized != null) {
                edgeParameterized = Arrays.copyOf(edgeParameterized, capacity);
                edgeCoefficients = Arrays.copyOf(edgeCoefficients, capacity * parameterCount);
            }
        }
        int e = edgeCount++;
        edgeFrom[e] = from;
        edgeTo[e] = to;
        edgeWeight[e] = weight;
        return e;
    }

    private void checkEdge(int from, int to) {
        checkVertex("source", from);
        checkVertex("target", to);
        if (from == to) {
            throw new InvalidGraphException("self-loop at " + describe(from) + ": edges from a vertex to itself "
                    + "are not allowed. In a continuous graph a self-transition changes nothing; in a discrete "
                    + "graph it is the missing out-probability");
        }
        if (to == Graph.START) {
            throw new InvalidGraphException("edge " + from + " -> 0 enters the starting vertex; the start only "
                    + "holds the initial distribution and cannot be re-entered. Add a vertex for the state instead");
        }
    }

    private void checkVertex(String role, int v) {
        if (v < 0 || v >= vertexCount) {
            throw new InvalidGraphException(role + " vertex " + v + " does not exist (the graph has " + vertexCount
                    + " vertices so far); create vertices before adding edges between them");
        }
    }

    private void checkState(int[] state) {
        if (state == null || state.length != stateLength) {
            throw new InvalidGraphException("state " + (state == null ? "null" : Arrays.toString(state))
                    + " has the wrong length; every state has length " + stateLength);
        }
    }

    private int[] stateCopy(int v) {
        return Arrays.copyOfRange(states, v * stateLength, (v + 1) * stateLength);
    }

    private String describe(int v) {
        return v == Graph.START ? "vertex 0 (the starting vertex)"
                : "vertex " + v + " (state " + Arrays.toString(stateCopy(v)) + ")";
    }
}
