package org.jphasic.model;

import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;

/**
 * The rabbit island model (Røikjer, Hobolth &amp; Munch 2022, §2, Fig. 1). State (L, R): rabbits on the left and
 * right island; start (n, 0). While L &gt; 0 a rabbit jumps left→right, (L−1, R+1), and the left island floods,
 * (0, R); while R &gt; 0 a rabbit jumps right→left, (L+1, R−1), and the right island floods, (L, 0). (0, 0) is
 * absorbing, a different vertex from the start. Each level L + R = k is one strongly connected component.
 * Size (n+1)(n+2)/2 + 1 vertices.
 *
 * <pre>{@code
 * Graph g = Rabbits.graph(2, 2.0, 4.0);
 * double e = Moments.of(g).expectation();   // 0.5038265306122449
 * }</pre>
 */
public final class Rabbits {
    private Rabbits() {
    }

    /**
     * The constant model: each island's jump rate is 1, the flood rates are given.
     *
     * @param n     the number of rabbits, at least 1
     * @param left  the left island's flood rate, positive
     * @param right the right island's flood rate, positive
     * @return the graph
     */
    public static Graph graph(int n, double left, double right) {
        checkSize(n);
        if (!(left > 0) || !(right > 0) || !Double.isFinite(left) || !Double.isFinite(right)) {
            throw new IllegalArgumentException("flood rates must be positive and finite, got left=" + left
                    + ", right=" + right);
        }
        return StateSpace.of(2).initial(new int[] {n, 0}, 1.0).explore((s, out) -> {
            int l = s[0];
            int r = s[1];
            if (l > 0) {
                out.add(new int[] {l - 1, r + 1}, 1.0);
                out.add(new int[] {0, r}, left);
            }
            if (r > 0) {
                out.add(new int[] {l + 1, r - 1}, 1.0);
                out.add(new int[] {l, 0}, right);
            }
        });
    }

    /**
     * The parameterized model of phasic's examples, θ = (jump rate per rabbit, left flood, right flood): a jump
     * off an island of k rabbits has coefficients (k, 0, 0), the floods (0, 1, 0) and (0, 0, 1).
     *
     * @param n the number of rabbits, at least 1
     * @return the graph, 3 parameters
     */
    public static Graph parameterized(int n) {
        checkSize(n);
        return StateSpace.of(2).parameters(3).initial(new int[] {n, 0}, 1.0).explore((s, out) -> {
            int l = s[0];
            int r = s[1];
            if (l > 0) {
                out.addParameterized(new int[] {l - 1, r + 1}, l, 0, 0);
                out.addParameterized(new int[] {0, r}, 0, 1, 0);
            }
            if (r > 0) {
                out.addParameterized(new int[] {l + 1, r - 1}, r, 0, 0);
                out.addParameterized(new int[] {l, 0}, 0, 0, 1);
            }
        });
    }

    /**
     * @param graph a rabbit graph
     * @param side  0 for the left island, 1 for the right
     * @return the reward vector "rabbits on that island"
     */
    public static double[] rabbitsOn(Graph graph, int side) {
        double[] r = new double[graph.vertexCount()];
        for (int v = 1; v < graph.vertexCount(); v++) {
            r[v] = graph.stateValue(v, side);
        }
        return r;
    }

    private static void checkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of rabbits must be at least 1, got " + n);
        }
    }
}
