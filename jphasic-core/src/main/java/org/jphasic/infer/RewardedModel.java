package org.jphasic.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.reward.RewardTransform;

/**
 * The reward transform of a parameterized graph (Røikjer, Hobolth &amp; Munch 2022, §2.3) as a program: recorded
 * once from the graph's structure, it maps θ to the transformed graph's initial probabilities and edge weights,
 * and their exact derivatives with respect to θ (forward mode). The accumulated reward Y = ∫ r(X_t) dt of the
 * graph (discrete: Σ r over visited vertices) is the absorption time of the transformed graph, so the likelihood
 * of observed reward totals is an ordinary phase-type likelihood with θ-dependent weights.
 *
 * <p><b>Continuous</b>, rewards r ≥ 0: a zero-reward vertex k takes no reward time and is eliminated, downstream
 * first: a parent u gains rate w(u→k)·w(k→c)/λ_k towards every child c ≠ u of k, with λ_k the sum of k's
 * current out-rates (no subtraction); a return u → k → u is dropped, since in continuous time it only extends
 * the sojourn at u. The start's edges are initial probabilities and are routed the same way; mass reaching
 * absorption through zero-reward vertices becomes a defect (P(Y = 0)). A kept vertex's rates are finally divided
 * by its reward. <b>Discrete</b>, integer rewards: the same elimination on jump probabilities (a return becomes
 * implicit self-transition mass), and a vertex with reward r &gt; 1 becomes a chain of r − 1 further vertices
 * joined by probability-one jumps, the last carrying the vertex's jumps and, for its self-transition, a jump
 * back to the vertex with probability 1 − Σ (so that each visit costs r jumps).
 *
 * <p>Without zero rewards every transformed weight is affine in θ and the initial probabilities are constant
 * ({@link #isAffine()}): the likelihood then runs on constant coefficients. With zero rewards the weights are
 * rational functions of θ; {@link #evaluate} returns them with their Jacobian, exactly.
 */
final class RewardedModel {
    private static final byte AFFINE = 0;
    private static final byte ADD = 1;
    private static final byte MULTIPLY = 2;
    private static final byte DIVIDE = 3;
    private static final byte SCALE = 4;

    private final int d;
    private final boolean discrete;
    // the tape: node i is op[i] of a[i], b[i]; AFFINE nodes hold offset[i] + coefficients[i]·θ, SCALE nodes
    // factor[i]·a + offset[i]
    private byte[] op = new byte[64];
    private int[] a = new int[64];
    private int[] b = new int[64];
    private double[] offset = new double[64];
    private double[] factor = new double[64];
    private final List<double[]> coefficients = new ArrayList<>();
    private int size;

    // the transformed graph: transient vertices 0..transientCount−1, edges out of them, initial probabilities
    private final int transientCount;
    private final int[] edgeFrom;
    private final int[] edgeTo;       // transient index, or −1 for absorption
    private final int[] edgeNode;
    private final int[] alphaNode;    // per transient vertex, or −1
    private final boolean affine;

    private RewardedModel(Graph g, double[] rewards) {
        this.d = g.parameterCount();
        this.discrete = g.isDiscrete();
        int n = g.vertexCount();
        List<TreeMap<Integer, Integer>> children = new ArrayList<>(n);
        List<TreeSet<Integer>> parents = new ArrayList<>(n);
        for (int v = 0; v < n; v++) {
            children.add(new TreeMap<>());
            parents.add(new TreeSet<>());
        }
        for (int v = 0; v < n; v++) {
            for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                int t = g.edgeTarget(e);
                int node = g.isEdgeParameterized(e) ? affine(0, g.coefficients(e)) : constant(g.edgeWeight(e));
                children.get(v).merge(t, node, this::add);
                parents.get(t).add(v);
            }
        }
        for (int k : RewardTransform.zeroRewardDownstreamFirst(g, rewards)) {
            TreeMap<Integer, Integer> out = children.get(k);
            int total = sum(out.values());
            for (int u : parents.get(k)) {
                TreeMap<Integer, Integer> uOut = children.get(u);
                int toK = uOut.remove(k);
                for (Map.Entry<Integer, Integer> c : out.entrySet()) {
                    if (c.getKey() == u) {
                        continue; // a return: extends the sojourn at u (discrete: implicit self-transition)
                    }
                    int routed = divide(multiply(toK, c.getValue()), total);
                    uOut.merge(c.getKey(), routed, this::add);
                    parents.get(c.getKey()).add(u);
                }
            }
            for (int c : out.keySet()) {
                parents.get(c).remove(k);
            }
            out.clear();
            parents.get(k).clear();
        }
        // transient vertices of the transformed graph: kept vertices in index order, then discrete chains
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int count = 0;
        for (int v = 1; v < n; v++) {
            if (!g.isAbsorbing(v) && rewards[v] != 0) {
                index[v] = count++;
            }
        }
        int[] last = index.clone(); // the vertex carrying v's out-edges
        List<int[]> edges = new ArrayList<>(); // {from, to, node}
        if (discrete) {
            for (int v = 1; v < n; v++) {
                if (index[v] >= 0 && rewards[v] > 1) {
                    int previous = index[v];
                    for (int j = 1; j < (int) rewards[v]; j++) {
                        int aux = count++;
                        edges.add(new int[] {previous, aux, constant(1)});
                        previous = aux;
                    }
                    last[v] = previous;
                }
            }
        }
        for (int v = 1; v < n; v++) {
            if (index[v] < 0) {
                continue;
            }
            List<Integer> outNodes = new ArrayList<>();
            for (Map.Entry<Integer, Integer> c : children.get(v).entrySet()) {
                int node = discrete ? c.getValue() : scale(c.getValue(), 1 / rewards[v], 0);
                edges.add(new int[] {last[v], index[c.getKey()], node});
                outNodes.add(c.getValue());
            }
            if (discrete && last[v] != index[v]) {
                // the self-transition restarts the visit: 1 − Σ p(v→c)
                edges.add(new int[] {last[v], index[v], scale(sum(outNodes), -1, 1)});
            }
        }
        transientCount = count;
        edgeFrom = new int[edges.size()];
        edgeTo = new int[edges.size()];
        edgeNode = new int[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            edgeFrom[e] = edges.get(e)[0];
            edgeTo[e] = edges.get(e)[1];
            edgeNode[e] = edges.get(e)[2];
        }
        alphaNode = new int[count];
        Arrays.fill(alphaNode, -1);
        for (Map.Entry<Integer, Integer> c : children.get(Graph.START).entrySet()) {
            if (index[c.getKey()] >= 0) {
                alphaNode[index[c.getKey()]] = c.getValue(); // mass into absorption is the defect P(Y = 0)
            }
        }
        boolean linear = true;
        for (int node : edgeNode) {
            linear &= op[node] == AFFINE;
        }
        for (int node : alphaNode) {
            linear &= node < 0 || (op[node] == AFFINE && coefficients.get(node) == null);
        }
        affine = linear;
    }

    /**
     * Records the transform of a graph by a reward vector.
     *
     * @param graph   a graph, parameterized or not
     * @param rewards one reward per vertex: finite, non-negative, whole numbers for a discrete graph; the entries
     *                of the start and of absorbing vertices are ignored. Not modified.
     * @return the program
     * @throws ParameterException if the rewards do not fit the graph
     */
    static RewardedModel of(Graph graph, double[] rewards) {
        if (!RewardTransform.checkRewards(graph, rewards)) {
            throw new ParameterException("every transient vertex has reward 0, so the accumulated reward is 0 with "
                    + "probability 1 and has no density; give some vertex a positive reward");
        }
        return new RewardedModel(graph, rewards.clone());
    }

    // ---- the tape ------------------------------------------------------------------------------------------

    private int append(byte operation, int left, int right, double off, double fac, double[] coefficientRow) {
        if (size == op.length) {
            int capacity = 2 * size;
            op = Arrays.copyOf(op, capacity);
            a = Arrays.copyOf(a, capacity);
            b = Arrays.copyOf(b, capacity);
            offset = Arrays.copyOf(offset, capacity);
            factor = Arrays.copyOf(factor, capacity);
        }
        op[size] = operation;
        a[size] = left;
        b[size] = right;
        offset[size] = off;
        factor[size] = fac;
        coefficients.add(coefficientRow);
        return size++;
    }

    private int constant(double value) {
        return append(AFFINE, -1, -1, value, 0, null);
    }

    private int affine(double off, double[] coefficientRow) {
        return append(AFFINE, -1, -1, off, 0, coefficientRow);
    }

    private boolean isConstant(int node) {
        return op[node] == AFFINE && coefficients.get(node) == null;
    }

    private int add(int x, int y) {
        if (op[x] == AFFINE && op[y] == AFFINE) {
            return affine(offset[x] + offset[y], combine(coefficients.get(x), 1, coefficients.get(y), 1));
        }
        return append(ADD, x, y, 0, 0, null);
    }

    private int sum(Iterable<Integer> nodes) {
        int total = -1;
        for (int node : nodes) {
            total = total < 0 ? node : add(total, node);
        }
        return total < 0 ? constant(0) : total;
    }

    private int multiply(int x, int y) {
        if (isConstant(x)) {
            return scale(y, offset[x], 0);
        }
        if (isConstant(y)) {
            return scale(x, offset[y], 0);
        }
        return append(MULTIPLY, x, y, 0, 0, null);
    }

    private int divide(int x, int y) {
        if (isConstant(y)) {
            return scale(x, 1 / offset[y], 0);
        }
        return append(DIVIDE, x, y, 0, 0, null);
    }

    /** fac·x + off. */
    private int scale(int x, double fac, double off) {
        if (op[x] == AFFINE) {
            return affine(fac * offset[x] + off, combine(coefficients.get(x), fac, null, 0));
        }
        return append(SCALE, x, -1, off, fac, null);
    }

    private double[] combine(double[] x, double fx, double[] y, double fy) {
        if (x == null && y == null) {
            return null;
        }
        double[] c = new double[d];
        for (int p = 0; p < d; p++) {
            c[p] = (x == null ? 0 : fx * x[p]) + (y == null ? 0 : fy * y[p]);
        }
        return c;
    }

    // ---- the transformed graph -----------------------------------------------------------------------------

    /** @return whether the graph is discrete */
    boolean isDiscrete() {
        return discrete;
    }

    /** @return the number of parameters */
    int parameterCount() {
        return d;
    }

    /** @return transient vertices of the transformed graph */
    int transientCount() {
        return transientCount;
    }

    /** @return edges out of transient vertices of the transformed graph */
    int edgeCount() {
        return edgeFrom.length;
    }

    /** @return the transient vertex an edge leaves */
    int edgeFrom(int e) {
        return edgeFrom[e];
    }

    /** @return the transient vertex an edge enters, or −1 for absorption */
    int edgeTo(int e) {
        return edgeTo[e];
    }

    /**
     * @return whether every weight is affine in θ (offset + coefficients·θ) and the initial probabilities are
     *         constant; then {@link #affineOffset}, {@link #affineCoefficients} and {@link #constantAlpha} describe
     *         the transformed graph completely
     */
    boolean isAffine() {
        return affine;
    }

    /** @return the constant part of an affine edge weight */
    double affineOffset(int e) {
        return offset[edgeNode[e]];
    }

    /** @return the coefficients of an affine edge weight, or null if it is constant. Not to be modified. */
    double[] affineCoefficients(int e) {
        return coefficients.get(edgeNode[e]);
    }

    /** @return the initial probabilities, when they do not depend on θ */
    double[] constantAlpha() {
        double[] alpha = new double[transientCount];
        for (int t = 0; t < transientCount; t++) {
            alpha[t] = alphaNode[t] < 0 ? 0 : offset[alphaNode[t]];
        }
        return alpha;
    }

    /**
     * Evaluates the transformed graph at θ, with derivatives.
     *
     * @param theta          the parameters. Not modified.
     * @param alpha          receives the initial probability of every transient vertex. Modified.
     * @param weights        receives every edge weight. Modified.
     * @param alphaJacobian  receives ∂α_t/∂θ_p at [t·d + p], or null. Modified.
     * @param weightJacobian receives ∂w_e/∂θ_p at [e·d + p], or null. Modified.
     */
    void evaluate(double[] theta, double[] alpha, double[] weights, double[] alphaJacobian,
                  double[] weightJacobian) {
        boolean tangents = alphaJacobian != null || weightJacobian != null;
        double[] value = new double[size];
        double[] tangent = tangents ? new double[size * d] : null;
        for (int i = 0; i < size; i++) {
            int x = a[i];
            int y = b[i];
            switch (op[i]) {
                case AFFINE -> {
                    double[] c = coefficients.get(i);
                    double s = offset[i];
                    if (c != null) {
                        for (int p = 0; p < d; p++) {
                            s += c[p] * theta[p];
                            if (tangents) {
                                tangent[i * d + p] = c[p];
                            }
                        }
                    }
                    value[i] = s;
                }
                case ADD -> {
                    value[i] = value[x] + value[y];
                    for (int p = 0; tangents && p < d; p++) {
                        tangent[i * d + p] = tangent[x * d + p] + tangent[y * d + p];
                    }
                }
                case MULTIPLY -> {
                    value[i] = value[x] * value[y];
                    for (int p = 0; tangents && p < d; p++) {
                        tangent[i * d + p] = tangent[x * d + p] * value[y] + value[x] * tangent[y * d + p];
                    }
                }
                case DIVIDE -> {
                    double q = value[x] / value[y];
                    value[i] = q;
                    for (int p = 0; tangents && p < d; p++) {
                        tangent[i * d + p] = (tangent[x * d + p] - q * tangent[y * d + p]) / value[y];
                    }
                }
                case SCALE -> {
                    value[i] = factor[i] * value[x] + offset[i];
                    for (int p = 0; tangents && p < d; p++) {
                        tangent[i * d + p] = factor[i] * tangent[x * d + p];
                    }
                }
                default -> throw new IllegalStateException("unknown tape operation " + op[i]);
            }
        }
        for (int t = 0; t < transientCount; t++) {
            int node = alphaNode[t];
            alpha[t] = node < 0 ? 0 : value[node];
            if (alphaJacobian != null) {
                for (int p = 0; p < d; p++) {
                    alphaJacobian[t * d + p] = node < 0 ? 0 : tangent[node * d + p];
                }
            }
        }
        for (int e = 0; e < edgeNode.length; e++) {
            int node = edgeNode[e];
            weights[e] = value[node];
            if (weightJacobian != null) {
                System.arraycopy(tangent, node * d, weightJacobian, e * d, d);
            }
        }
    }
}
