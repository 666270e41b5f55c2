package org.jphasic.io;

import java.util.Arrays;
import org.jphasic.InvalidGraphException;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.scc.Components;

/**
 * The classical matrix representation (α, S) of a phase-type distribution, and back.
 *
 * <p>From a graph: the transient vertices (neither the start nor absorbing) become the p phases, ordered by a
 * topological order of the strongly connected components (upstream first) and by vertex index inside a
 * component; α_i is the initial probability of phase i; S_ij (i ≠ j) the rate from i to j, S_ii = −λ_i (edges
 * into absorbing vertices only enter the diagonal). For a discrete graph the matrix is the sub-transition
 * matrix T, with the self-transition 1 − λ_i on the diagonal. {@link #vertices()} gives the vertex of every row.
 *
 * <p>To a graph: phases 1..p get states [1]..[p] and one absorbing vertex with state [0] collects the exit
 * rates −Σ_j S_ij (continuous) or 1 − Σ_j T_ij (discrete); Σα &lt; 1 is kept as a defect.
 *
 * <p>The matrices are dense, O(p²) memory; graphs with more than {@value #MAX_PHASES} phases are refused.
 *
 * <pre>{@code
 * MatrixForm m = MatrixForm.of(graph);
 * double[][] s = m.matrix();
 * Graph back = MatrixForm.toGraph(m.initialProbabilities(), s);
 * }</pre>
 */
public final class MatrixForm {
    /** The largest number of phases converted to a dense matrix. */
    public static final int MAX_PHASES = 20_000;

    private final double[] alpha;
    private final double[][] matrix;
    private final int[] vertices;
    private final boolean discrete;

    private MatrixForm(double[] alpha, double[][] matrix, int[] vertices, boolean discrete) {
        this.alpha = alpha;
        this.matrix = matrix;
        this.vertices = vertices;
        this.discrete = discrete;
    }

    /**
     * The matrix form of a constant graph.
     *
     * @param graph the graph, not parameterized
     * @return α, S (or T) and the vertex of every phase
     * @throws ParameterException if the graph is parameterized or has more than {@value #MAX_PHASES} phases
     */
    public static MatrixForm of(Graph graph) {
        if (graph.isParameterized()) {
            throw new ParameterException("the graph is parameterized: take the matrix form of graph.at(theta)");
        }
        Components c = graph.components();
        int[] position = new int[graph.vertexCount()];
        Arrays.fill(position, -1);
        int p = 0;
        int[] order = new int[graph.vertexCount()];
        for (int k = 0; k < c.count(); k++) {
            int[] members = c.vertices(k);
            Arrays.sort(members);
            for (int v : members) {
                if (v != Graph.START && !graph.isAbsorbing(v)) {
                    if (p == MAX_PHASES) {
                        throw new ParameterException("the graph has more than " + MAX_PHASES + " transient "
                                + "vertices; a dense " + MAX_PHASES + "×" + MAX_PHASES + " matrix is the limit");
                    }
                    position[v] = p;
                    order[p++] = v;
                }
            }
        }
        double[] alpha = new double[p];
        for (int e = graph.edgeStart(Graph.START); e < graph.edgeEnd(Graph.START); e++) {
            int t = graph.edgeTarget(e);
            if (position[t] >= 0) {
                alpha[position[t]] += graph.edgeWeight(e);
            }
        }
        double[][] m = new double[p][p];
        for (int i = 0; i < p; i++) {
            int v = order[i];
            double rate = 0;
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                double w = graph.edgeWeight(e);
                rate += w;
                int t = graph.edgeTarget(e);
                if (position[t] >= 0) {
                    m[i][position[t]] += w;
                }
            }
            m[i][i] = graph.isDiscrete() ? 1 - rate : -rate;
        }
        return new MatrixForm(alpha, m, Arrays.copyOf(order, p), graph.isDiscrete());
    }

    /** @return the number of phases p */
    public int phaseCount() {
        return alpha.length;
    }

    /** @return a copy of α (length p) */
    public double[] initialProbabilities() {
        return alpha.clone();
    }

    /** @return a copy of S (continuous) or T (discrete), p × p */
    public double[][] matrix() {
        double[][] copy = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /** @return the exit vector: s = −S·1 (continuous) or t = 1 − T·1 (discrete), length p */
    public double[] exitVector() {
        double[] s = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            double row = 0;
            for (double x : matrix[i]) {
                row += x;
            }
            s[i] = discrete ? 1 - row : 0.0 - row;
        }
        return s;
    }

    /** @return the graph vertex of every phase (length p) */
    public int[] vertices() {
        return vertices.clone();
    }

    /** @return whether this is the form (α, T) of a discrete distribution */
    public boolean isDiscrete() {
        return discrete;
    }

    /** @return the defect 1 − Σα */
    public double defect() {
        double sum = 0;
        for (double a : alpha) {
            sum += a;
        }
        return Math.max(0, 1 - sum);
    }

    /**
     * Builds the graph of a continuous phase-type distribution PH(α, S).
     *
     * @param alpha initial probabilities, non-negative, summing to at most 1. Not modified.
     * @param s     sub-intensity matrix: non-negative off the diagonal, row sums ≤ 0. Not modified.
     * @return the graph: start, phases 1..p (states [1]..[p]), one absorbing vertex (state [0])
     * @throws InvalidGraphException if α or S is not a valid phase-type representation
     */
    public static Graph toGraph(double[] alpha, double[][] s) {
        return build(alpha, s, false);
    }

    /**
     * Builds the graph of a discrete phase-type distribution DPH(α, T).
     *
     * @param alpha initial probabilities, non-negative, summing to at most 1. Not modified.
     * @param t     sub-transition matrix: entries in [0, 1], row sums ≤ 1. Not modified.
     * @return the graph: start, phases 1..p (states [1]..[p]), one absorbing vertex (state [0])
     * @throws InvalidGraphException if α or T is not a valid discrete phase-type representation
     */
    public static Graph toDiscreteGraph(double[] alpha, double[][] t) {
        return build(alpha, t, true);
    }

    private static Graph build(double[] alpha, double[][] m, boolean discrete) {
        int p = alpha.length;
        if (m.length != p) {
            throw new InvalidGraphException("the matrix has " + m.length + " rows but alpha has " + p
                    + " entries; they must match");
        }
        GraphBuilder b = new GraphBuilder(1);
        if (discrete) {
            b.discrete();
        }
        int[] phase = new int[p];
        for (int i = 0; i < p; i++) {
            phase[i] = b.addVertex(new int[] {i + 1});
        }
        int absorbing = b.addVertex(new int[] {0});
        for (int i = 0; i < p; i++) {
            if (!(alpha[i] >= 0) || !Double.isFinite(alpha[i])) {
                throw new InvalidGraphException("alpha[" + i + "] = " + alpha[i] + "; initial probabilities must "
                        + "be finite and non-negative");
            }
            if (alpha[i] > 0) {
                b.addEdge(Graph.START, phase[i], alpha[i]);
            }
        }
        for (int i = 0; i < p; i++) {
            if (m[i].length != p) {
                throw new InvalidGraphException("matrix row " + i + " has " + m[i].length + " entries; expected " + p);
            }
            double offDiagonal = 0;
            for (int j = 0; j < p; j++) {
                if (i == j) {
                    continue;
                }
                if (!(m[i][j] >= 0) || !Double.isFinite(m[i][j])) {
                    throw new InvalidGraphException("matrix entry (" + i + ", " + j + ") = " + m[i][j]
                            + "; off-diagonal entries must be finite and non-negative");
                }
                if (m[i][j] > 0) {
                    b.addEdge(phase[i], phase[j], m[i][j]);
                    offDiagonal += m[i][j];
                }
            }
            double exit = discrete ? 1 - m[i][i] - offDiagonal : -m[i][i] - offDiagonal;
            double scale = discrete ? 1 : Math.abs(m[i][i]);
            if (exit < -1e-12 * scale || !Double.isFinite(exit)) {
                throw new InvalidGraphException("matrix row " + i + " has exit " + (discrete ? "probability " : "rate ")
                        + exit + " < 0: " + (discrete ? "row sums of T must be at most 1"
                        : "the diagonal must be at most minus the sum of the off-diagonal entries"));
            }
            if (exit > 1e-12 * scale) {
                b.addEdge(phase[i], absorbing, exit);
            }
        }
        return b.build();
    }
}
