package org.jphasic.model;

import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.graph.TransitionFunction;

/**
 * The two-locus ancestral recombination graph for two samples. A lineage is typed by (a, b) ∈ {0,1,2}², not
 * both 0: how many of the samples' material it carries at locus A and at locus B. A state counts the lineages
 * of each of the eight types, in the order (1,0), (2,0), (0,1), (0,2), (1,1), (2,1), (1,2), (2,2). Start: two
 * lineages of type (1,1). Every pair of lineages coalesces at rate 1 (types add); a lineage with a &gt; 0 and
 * b &gt; 0 recombines at rate ρ/2 into (a,0) + (0,b). Absorbing once some lineage has a = 2 and some has b = 2.
 * 10 vertices. With rewards T_A (at least two lineages carry locus A) and T_B, E[T_A] = E[T_B] = 1 and
 * Cov(T_A, T_B) = (ρ + 18)/(ρ² + 13ρ + 18) (Hudson 1983).
 */
public final class TwoLocus {
    /** The lineage types, in state-vector order. */
    static final int[][] TYPES = {{1, 0}, {2, 0}, {0, 1}, {0, 2}, {1, 1}, {2, 1}, {1, 2}, {2, 2}};

    private TwoLocus() {
    }

    /**
     * @param rho the recombination rate ρ, non-negative
     * @return the constant model
     */
    public static Graph graph(double rho) {
        if (!(rho >= 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and non-negative, got " + rho);
        }
        return explore(false, rho);
    }

    /**
     * The parameterized model, θ = (coalescence rate per pair, ρ): coalescences have coefficients (pairs, 0),
     * recombinations (0, lineages/2). {@code parameterized().at(new double[] {1, rho})} equals
     * {@code graph(rho)}.
     *
     * @return the graph, 2 parameters
     */
    public static Graph parameterized() {
        return explore(true, 0);
    }

    /**
     * @param graph a two-locus graph
     * @param locus 0 for A, 1 for B
     * @return the reward "at least two lineages carry material at this locus"
     */
    public static double[] locusRewards(Graph graph, int locus) {
        double[] r = new double[graph.vertexCount()];
        for (int v = 1; v < graph.vertexCount(); v++) {
            int carriers = 0;
            for (int t = 0; t < TYPES.length; t++) {
                if (TYPES[t][locus] > 0) {
                    carriers += graph.stateValue(v, t);
                }
            }
            r[v] = carriers >= 2 ? 1 : 0;
        }
        return r;
    }

    private static int typeOf(int a, int b) {
        for (int t = 0; t < TYPES.length; t++) {
            if (TYPES[t][0] == a && TYPES[t][1] == b) {
                return t;
            }
        }
        throw new IllegalStateException("no lineage type (" + a + ", " + b + ")");
    }

    private static Graph explore(boolean parameterized, double rho) {
        int[] start = new int[TYPES.length];
        start[typeOf(1, 1)] = 2;
        TransitionFunction f = (s, out) -> {
            boolean doneA = false;
            boolean doneB = false;
            for (int t = 0; t < TYPES.length; t++) {
                if (s[t] > 0) {
                    doneA |= TYPES[t][0] == 2;
                    doneB |= TYPES[t][1] == 2;
                }
            }
            if (doneA && doneB) {
                return;
            }
            int[] next = new int[TYPES.length];
            for (int t = 0; t < TYPES.length; t++) {
                for (int u = t; u < TYPES.length; u++) {
                    double pairs = t == u ? s[t] * (s[t] - 1) / 2.0 : (double) s[t] * s[u];
                    if (pairs == 0) {
                        continue;
                    }
                    System.arraycopy(s, 0, next, 0, next.length);
                    next[t]--;
                    next[u]--;
                    next[typeOf(TYPES[t][0] + TYPES[u][0], TYPES[t][1] + TYPES[u][1])]++;
                    if (parameterized) {
                        out.addParameterized(next, pairs, 0);
                    } else {
                        out.add(next, pairs);
                    }
                }
            }
            for (int t = 0; t < TYPES.length; t++) {
                int a = TYPES[t][0];
                int b = TYPES[t][1];
                if (s[t] == 0 || a == 0 || b == 0) {
                    continue;
                }
                System.arraycopy(s, 0, next, 0, next.length);
                next[t]--;
                next[typeOf(a, 0)]++;
                next[typeOf(0, b)]++;
                if (parameterized) {
                    out.addParameterized(next, 0, s[t] / 2.0);
                } else if (rho > 0) {
                    out.add(next, s[t] * rho / 2.0);
                }
            }
        };
        return StateSpace.of(TYPES.length).parameters(parameterized ? 2 : 0).initial(start, 1.0).explore(f);
    }
}
