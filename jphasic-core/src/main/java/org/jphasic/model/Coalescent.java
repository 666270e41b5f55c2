package org.jphasic.model;

import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;

/**
 * Kingman's coalescent for n samples, time in units where a pair of lineages coalesces at rate 1.
 *
 * <p><b>Lineage counting:</b> state k = number of lineages; k → k−1 at rate C(k, 2); E[T_MRCA] = 2(1 − 1/n).
 *
 * <p><b>Block counting</b> (the site frequency spectrum model): state (a₁, …, a_n), a_i lineages each ancestral
 * to exactly i samples (slot i−1); start (n, 0, …, 0). Two lineages of types i ≠ j merge at rate a_i·a_j, two
 * of type i at rate C(a_i, 2); the new lineage has type i + j. Absorbing with one lineage left. p(n) + 1
 * vertices; a DAG. With reward r_i = a_i, E[L_i] = 2/i is the expected length of branches carrying i samples.
 *
 * <p>Parameterized forms have one parameter θ multiplying every rate (coefficient = the rate above), so every
 * moment of order m scales as θ^{−m}.
 *
 * <pre>{@code
 * Graph g = Coalescent.blockCounting(10);
 * double[][] sfs = Coalescent.sfsRewards(g);
 * double xi3 = Moments.of(g).expectation(sfs[2]);   // 2/3
 * }</pre>
 */
public final class Coalescent {
    private Coalescent() {
    }

    /**
     * @param n the number of samples, at least 2
     * @return the lineage-counting coalescent
     */
    public static Graph lineageCounting(int n) {
        return lineageCounting(n, false);
    }

    /**
     * @param n the number of samples, at least 2
     * @return the lineage-counting coalescent with rate θ·C(k, 2), one parameter
     */
    public static Graph lineageCountingParameterized(int n) {
        return lineageCounting(n, true);
    }

    /**
     * @param n the number of samples, at least 2
     * @return the block-counting coalescent
     */
    public static Graph blockCounting(int n) {
        return blockCounting(n, false);
    }

    /**
     * @param n the number of samples, at least 2
     * @return the block-counting coalescent with every rate multiplied by θ, one parameter
     */
    public static Graph blockCountingParameterized(int n) {
        return blockCounting(n, true);
    }

    /**
     * The site-frequency-spectrum reward vectors of a block-counting graph.
     *
     * @param graph a block-counting coalescent
     * @return n − 1 reward vectors; vector i−1 is a_i, the number of lineages carrying i samples
     */
    public static double[][] sfsRewards(Graph graph) {
        int n = graph.stateLength();
        double[][] r = new double[n - 1][graph.vertexCount()];
        for (int v = 1; v < graph.vertexCount(); v++) {
            for (int i = 0; i < n - 1; i++) {
                r[i][v] = graph.stateValue(v, i);
            }
        }
        return r;
    }

    /**
     * The total-branch-length reward: the number of lineages in each state.
     *
     * @param graph a lineage-counting or block-counting coalescent
     * @return one reward per vertex
     */
    public static double[] lineageRewards(Graph graph) {
        double[] r = new double[graph.vertexCount()];
        for (int v = 1; v < graph.vertexCount(); v++) {
            int lineages = 0;
            if (graph.stateLength() == 1) {
                lineages = graph.stateValue(v, 0);
            } else {
                for (int i = 0; i < graph.stateLength(); i++) {
                    lineages += graph.stateValue(v, i);
                }
            }
            r[v] = lineages;
        }
        return r;
    }

    private static Graph lineageCounting(int n, boolean parameterized) {
        checkSamples(n);
        return StateSpace.of(1).parameters(parameterized ? 1 : 0).initial(new int[] {n}, 1.0)
                .explore((s, out) -> {
                    int k = s[0];
                    if (k > 1) {
                        double rate = k * (k - 1) / 2.0;
                        if (parameterized) {
                            out.addParameterized(new int[] {k - 1}, rate);
                        } else {
                            out.add(new int[] {k - 1}, rate);
                        }
                    }
                });
    }

    private static Graph blockCounting(int n, boolean parameterized) {
        checkSamples(n);
        int[] start = new int[n];
        start[0] = n;
        int[] next = new int[n];
        return StateSpace.of(n).parameters(parameterized ? 1 : 0).initial(start, 1.0).explore((s, out) -> {
            for (int i = 0; i < n; i++) {
                if (s[i] == 0) {
                    continue;
                }
                for (int j = i; j < n; j++) {
                    boolean same = i == j;
                    if (same ? s[i] < 2 : s[j] < 1) {
                        continue;
                    }
                    double rate = same ? s[i] * (s[i] - 1) / 2.0 : (double) s[i] * s[j];
                    System.arraycopy(s, 0, next, 0, n);
                    next[i]--;
                    next[j]--;
                    next[i + j + 1]++;
                    if (parameterized) {
                        out.addParameterized(next, rate);
                    } else {
                        out.add(next, rate);
                    }
                }
            }
        });
    }

    private static void checkSamples(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("the coalescent needs at least 2 samples, got " + n);
        }
    }
}
