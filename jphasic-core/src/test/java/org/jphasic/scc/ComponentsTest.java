package org.jphasic.scc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Strongly connected components against an independent definition: u and v share a component iff each reaches
 * the other (reachability by breadth-first search from every vertex), on 200 seeded random directed graphs;
 * the numbering is topological (every edge stays in its component or goes to a larger number); and the
 * iterative Tarjan survives a chain and a cycle of 10⁶ vertices (algorithms.md §5, "Recursion").
 */
class ComponentsTest {

    static LongStream seeds() {
        return LongStream.range(1, 201);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void componentsAreTheMutualReachabilityClassesInTopologicalOrder(long seed) {
        Csr g = randomGraph(seed);
        Components c = Components.of(g.n, g.offsets, g.targets, null);
        boolean[][] reaches = reachability(g);
        String what = "seed " + seed + ", " + g.n + " vertices, " + g.targets.length + " edges";

        for (int u = 0; u < g.n; u++) {
            for (int v = 0; v < g.n; v++) {
                boolean mutual = reaches[u][v] && reaches[v][u];
                assertThat(c.componentOf(u) == c.componentOf(v))
                        .as("%s: %d and %d in one component iff mutually reachable", what, u, v)
                        .isEqualTo(mutual);
            }
        }
        for (int u = 0; u < g.n; u++) {
            for (int e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
                assertThat(c.componentOf(g.targets[e])).as("%s: edge %d -> %d", what, u, g.targets[e])
                        .isGreaterThanOrEqualTo(c.componentOf(u));
            }
        }
        assertMembersAreConsistent(c, g.n, what);

        // the same components with each member list sorted: numbering, levels and membership unchanged
        Components sorted = c.withMembersByIndex();
        assertMembersAreConsistent(sorted, g.n, what + ", sorted");
        assertThat(sorted.count()).isEqualTo(c.count());
        assertThat(sorted.levelCount()).isEqualTo(c.levelCount());
        for (int k = 0; k < c.count(); k++) {
            int[] expected = c.vertices(k);
            Arrays.sort(expected);
            assertThat(sorted.vertices(k)).as("%s: component %d sorted", what, k).containsExactly(expected);
            assertThat(sorted.level(k)).isEqualTo(c.level(k));
        }
    }

    @Test
    void edgeFilterIgnoresEdgesItRejects() {
        // 0 -> 1 -> 2 -> 0 is one cycle; without edge 2 (2 -> 0) it is a chain of three components
        int[] offsets = {0, 1, 2, 3};
        int[] targets = {1, 2, 0};
        assertThat(Components.of(3, offsets, targets, null).count()).isEqualTo(1);
        Components chain = Components.of(3, offsets, targets, e -> e != 2);
        assertThat(chain.count()).isEqualTo(3);
        assertThat(chain.componentOf(0)).isLessThan(chain.componentOf(1));
        assertThat(chain.componentOf(1)).isLessThan(chain.componentOf(2));
    }

    /** models.md: each level L + R = k of the rabbit model is one component; start and (0, 0) are alone. */
    @Test
    void rabbitLevelsAreComponents() {
        Graph g = Rabbits.graph(3, 2, 4);
        Components c = Components.of(g);
        assertThat(c.count()).isEqualTo(5);
        for (int v = 1; v < g.vertexCount(); v++) {
            for (int w = 1; w < g.vertexCount(); w++) {
                int levelV = g.stateValue(v, 0) + g.stateValue(v, 1);
                int levelW = g.stateValue(w, 0) + g.stateValue(w, 1);
                assertThat(c.componentOf(v) == c.componentOf(w)).as("vertices %d and %d", v, w)
                        .isEqualTo(levelV == levelW);
            }
        }
        assertThat(c.componentOf(Graph.START)).isZero();
        assertThat(c.largestSize()).isEqualTo(4);
    }

    @Test
    void chainOfAMillionVerticesDoesNotOverflowTheStack() {
        int n = 1_000_000;
        int[] offsets = new int[n + 1];
        int[] targets = new int[n - 1];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = offsets[v] + (v < n - 1 ? 1 : 0);
            if (v < n - 1) {
                targets[v] = v + 1;
            }
        }
        Components c = Components.of(n, offsets, targets, null);
        assertThat(c.count()).isEqualTo(n);
        for (int v = 0; v < n; v++) {
            if (c.componentOf(v) != v) {
                throw new AssertionError("vertex " + v + " is in component " + c.componentOf(v)
                        + "; a chain's components are numbered along it");
            }
        }
    }

    @Test
    void cycleOfAMillionVerticesIsOneComponent() {
        int n = 1_000_000;
        int[] offsets = new int[n + 1];
        int[] targets = new int[n];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = v + 1;
            targets[v] = (v + 1) % n;
        }
        Components c = Components.of(n, offsets, targets, null);
        assertThat(c.count()).isEqualTo(1);
        assertThat(c.size(0)).isEqualTo(n);
        assertThat(c.largestSize()).isEqualTo(n);
    }

    private static void assertMembersAreConsistent(Components c, int n, String what) {
        boolean[] seen = new boolean[n];
        int total = 0;
        for (int k = 0; k < c.count(); k++) {
            assertThat(c.size(k)).as("%s: component %d is not empty", what, k).isPositive();
            int[] vertices = c.vertices(k);
            assertThat(vertices).hasSize(c.size(k));
            for (int v : vertices) {
                assertThat(c.componentOf(v)).isEqualTo(k);
                assertThat(seen[v]).as("%s: vertex %d listed twice", what, v).isFalse();
                seen[v] = true;
                total++;
            }
        }
        assertThat(total).as(what + ": every vertex listed once").isEqualTo(n);
    }

    /** A directed graph in CSR form. */
    private record Csr(int n, int[] offsets, int[] targets) {
    }

    /**
     * 1–40 vertices; per vertex 0–4 random out-edges (self-loops and duplicates allowed: Tarjan must not mind)
     * and, to make large components likely, sometimes a ring through a random subset.
     */
    private static Csr randomGraph(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(40);
        int[][] out = new int[n][];
        for (int v = 0; v < n; v++) {
            out[v] = new int[rng.nextInt(5)];
            for (int i = 0; i < out[v].length; i++) {
                out[v][i] = rng.nextInt(n);
            }
        }
        if (rng.nextBoolean()) {
            int[] ring = rng.ints(1 + rng.nextInt(n), 0, n).distinct().toArray();
            for (int i = 0; i < ring.length; i++) {
                int v = ring[i];
                out[v] = Arrays.copyOf(out[v], out[v].length + 1);
                out[v][out[v].length - 1] = ring[(i + 1) % ring.length];
            }
        }
        int[] offsets = new int[n + 1];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = offsets[v] + out[v].length;
        }
        int[] targets = new int[offsets[n]];
        for (int v = 0; v < n; v++) {
            System.arraycopy(out[v], 0, targets, offsets[v], out[v].length);
        }
        return new Csr(n, offsets, targets);
    }

    /** reaches[u][v]: v is reachable from u (every vertex reaches itself). */
    private static boolean[][] reachability(Csr g) {
        boolean[][] reaches = new boolean[g.n][g.n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < g.n; s++) {
            reaches[s][s] = true;
            queue.add(s);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                for (int e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
                    int v = g.targets[e];
                    if (!reaches[s][v]) {
                        reaches[s][v] = true;
                        queue.add(v);
                    }
                }
            }
        }
        return reaches;
    }
}
