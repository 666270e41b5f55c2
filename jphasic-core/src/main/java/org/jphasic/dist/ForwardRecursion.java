package org.jphasic.dist;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The forward recursion π_k = π_{k−1}·P over jumps (Røikjer, Hobolth &amp; Munch 2022, Algorithm 4), for several
 * step counts in one pass: the exact recursion of a discrete graph (P = T) and the forward-Euler recursion of a
 * continuous one (P = I + S/g). At step k it reports the transient mass π_k·1, the exit density of the previous
 * vector π_{k−1}·s (π_0·s at k = 0), π_k itself and the running sum Σ_{i≤k} π_i.
 *
 * <p>Cost O(k_max·(|V| + |E|)) plus O(|V|) per requested vector; the step loop allocates nothing.
 */
final class ForwardRecursion {
    private ForwardRecursion() {
    }

    /**
     * Runs the recursion up to the largest step count.
     *
     * @param chain        the chain
     * @param steps        the step counts, non-negative, any order. Not modified.
     * @param survival     receives π_k·1 per step count, or null. Modified.
     * @param previousExit receives π_{k−1}·s (π_0·s for k = 0) per step count, or null. Modified.
     * @param vectors      receives π_k per step count (arrays of length {@code chain.size()}), or null. Modified.
     * @param sums         receives Σ_{i≤k} π_i per step count (arrays of length {@code chain.size()}), or null.
     *                     Modified.
     */
    static void evaluate(JumpChain chain, int[] steps, double[] survival, double[] previousExit, double[][] vectors,
                         double[][] sums) {
        int n = steps.length;
        if (n == 0) {
            return;
        }
        Integer[] boxed = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(j -> steps[j]))
                .toArray(Integer[]::new);
        int last = steps[boxed[n - 1]];
        int size = chain.size();
        double[] current = chain.initial();
        double[] next = new double[size];
        double[] running = sums != null ? current.clone() : null;
        double[] totals = new double[2];
        chain.sums(current, totals);
        double exitBefore = totals[1];
        int s = 0;
        for (int k = 0; k <= last; k++) {
            if (k > 0) {
                exitBefore = totals[1];
                chain.step(current, next, totals);
                double[] swap = current;
                current = next;
                next = swap;
                if (running != null) {
                    for (int i = 0; i < size; i++) {
                        running[i] += current[i];
                    }
                }
            }
            while (s < n && steps[boxed[s]] == k) {
                int j = boxed[s++];
                if (survival != null) {
                    survival[j] = totals[0];
                }
                if (previousExit != null) {
                    previousExit[j] = exitBefore;
                }
                if (vectors != null) {
                    System.arraycopy(current, 0, vectors[j], 0, size);
                }
                if (sums != null) {
                    System.arraycopy(running, 0, sums[j], 0, size);
                }
            }
        }
    }

    /** @return an empty matrix of {@code rows} vectors of the chain's size, or null if not requested */
    static double[][] buffers(boolean requested, int rows, JumpChain chain) {
        return requested ? new double[rows][chain.size()] : null;
    }

    /** Copies vectors over transient positions onto per-vertex outputs. */
    static void scatter(JumpChain chain, double[][] positions, double[][] vertices) {
        if (positions == null) {
            return;
        }
        for (int j = 0; j < positions.length; j++) {
            chain.scatter(positions[j], vertices[j]);
        }
    }

    /** Multiplies every vector by a factor. */
    static void scale(double[][] vectors, double factor) {
        if (vectors == null) {
            return;
        }
        for (double[] v : vectors) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
            }
        }
    }
}
