package org.jphasic.scc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The start's component comes first, and levels are the longest paths of the condensation DAG. */
class ComponentLevelsTest {
    static LongStream seeds() {
        return LongStream.range(1, 101);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void startFirstAndLevelsAreLongestPaths(long seed) {
        Graph g = RandomGraphs.random(seed, Options.continuous(50)).build();
        Components c = g.components();
        assertThat(c.componentOf(Graph.START)).isZero();
        int k = c.count();
        // longest path by brute force: relax over all edges k times
        int[] longest = new int[k];
        for (int round = 0; round < k; round++) {
            for (int v = 0; v < g.vertexCount(); v++) {
                for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                    int from = c.componentOf(v);
                    int to = c.componentOf(g.edgeTarget(e));
                    if (from != to) {
                        assertThat(to).isGreaterThan(from);
                        longest[to] = Math.max(longest[to], longest[from] + 1);
                    }
                }
            }
        }
        int max = 0;
        for (int comp = 0; comp < k; comp++) {
            assertThat(c.level(comp)).as("level of component %d", comp).isEqualTo(longest[comp]);
            max = Math.max(max, longest[comp]);
        }
        assertThat(c.levelCount()).isEqualTo(max + 1);
    }

    @Test
    void startComesFirstEvenWithVerticesUnreachableFromIt() {
        GraphBuilder b = new GraphBuilder(1);
        int a = b.addVertex(new int[] {1});
        int orphan = b.addVertex(new int[] {2});
        int z = b.addVertex(new int[] {3});
        b.addEdge(0, a, 1).addEdge(a, z, 1).addEdge(orphan, z, 1);
        Components c = b.build().components();
        assertThat(c.componentOf(0)).isZero();
        assertThat(c.level(c.componentOf(orphan))).isZero();
        assertThat(c.level(c.componentOf(z))).isEqualTo(2);
    }

    @Test
    void rabbitLevelsFollowTheNumberOfRabbits() {
        // start → level n → ... : the component of (L, R) with L + R = k sits below the n − k floods above it
        Graph g = Rabbits.graph(5, 2, 4);
        Components c = g.components();
        assertThat(c.levelCount()).isEqualTo(7); // start, totals k = 5..1 (5 components), absorption
        for (int v = 1; v < g.vertexCount(); v++) {
            int total = g.stateValue(v, 0) + g.stateValue(v, 1);
            if (total > 0) {
                assertThat(c.level(c.componentOf(v))).as("level of %s", g.describeVertex(v)).isEqualTo(1 + 5 - total);
            }
        }
    }
}
