package org.jphasic.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.jphasic.ProgressListener;
import org.jphasic.exec.Strategy;
import org.jphasic.exec.WorkExecutors;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.jphasic.scc.Components;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unit plan partitions the vertices (each owned by exactly one unit; large components alone, small ones
 * batched, whole components only), and recording reports units and vertices done, monotonically, to the totals.
 */
class UnitPlanAndProgressTest {
    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyVertexIsOwnedByExactlyOneUnitAndComponentsAreNotSplit(long seed) {
        Graph g = RandomGraphs.random(seed + 4000, Options.parameterized(60, 2)).build();
        Components c = g.components();
        for (int minSize : new int[] {1, 3, 50}) {
            List<WorkUnit> units = UnitPlanner.plan(g, minSize);
            int[] owner = new int[g.vertexCount()];
            java.util.Arrays.fill(owner, -1);
            for (int u = 0; u < units.size(); u++) {
                WorkUnit unit = units.get(u);
                int owned = 0;
                for (int local = 0; local < unit.ownedCount(); local++) {
                    int v = unit.vertexMap()[local];
                    assertThat(owner[v]).as("vertex %d owned twice (min size %d)", v, minSize).isEqualTo(-1);
                    owner[v] = u;
                    owned++;
                }
                // a unit is one component of at least minSize vertices, or a batch of smaller ones
                List<Integer> components = new ArrayList<>();
                for (int local = 0; local < unit.ownedCount(); local++) {
                    int k = c.componentOf(unit.vertexMap()[local]);
                    if (!components.contains(k)) {
                        components.add(k);
                    }
                }
                if (components.size() > 1) {
                    for (int k : components) {
                        assertThat(c.size(k)).as("a batched component is small").isLessThan(minSize);
                        // and of a shape no other component has, unless tiny (a repeated shape is a unit alone)
                        if (c.size(k) >= Math.max(2, minSize / 8)) {
                            assertThat(shapeCount(g, c, k)).as("a batched component's shape is unique").isOne();
                        }
                    }
                }
                assertThat(owned).isPositive();
            }
            for (int v = 0; v < g.vertexCount(); v++) {
                assertThat(owner[v]).as("vertex %d owned by no unit (min size %d)", v, minSize).isNotNegative();
                // a component never straddles two units
                assertThat(owner[v]).isEqualTo(owner[c.member(c.start(c.componentOf(v)))]);
            }
        }
    }

    /** How many components have component k's vertex count and number of out-edges. */
    private static long shapeCount(Graph g, Components c, int k) {
        return java.util.stream.IntStream.range(0, c.count())
                .filter(j -> c.size(j) == c.size(k) && outEdges(g, c, j) == outEdges(g, c, k)).count();
    }

    private static long outEdges(Graph g, Components c, int k) {
        long edges = 0;
        for (int v : c.vertices(k)) {
            edges += g.outDegree(v);
        }
        return edges;
    }

    /**
     * A planned unit takes its components from the graph's instead of searching its own: they must be exactly
     * what the search of its decoded copy (as a cluster member receives it) finds — numbering, members, levels —
     * and the two record the same trace, to the bit.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void plannedUnitsHaveTheComponentsASearchFinds(long seed) {
        Graph g = RandomGraphs.random(seed + 7000, Options.parameterized(80, 2)).build();
        for (int minSize : new int[] {1, 3, 50}) {
            for (WorkUnit unit : UnitPlanner.plan(g, minSize)) {
                Components given = unit.components();
                WorkUnit decoded = WorkUnit.fromBytes(unit.toBytes());
                Components searched = decoded.components();
                assertThat(given.count()).isEqualTo(searched.count());
                assertThat(given.levelCount()).isEqualTo(searched.levelCount());
                for (int k = 0; k < given.count(); k++) {
                    assertThat(given.vertices(k)).as("component %d", k).isEqualTo(searched.vertices(k));
                    assertThat(given.level(k)).as("level of %d", k).isEqualTo(searched.level(k));
                }
                for (int v = 0; v < unit.vertexCount(); v++) {
                    assertThat(given.componentOf(v)).isEqualTo(searched.componentOf(v));
                }
                assertThat(org.jphasic.trace.TraceRecorder.record(unit))
                        .isEqualTo(org.jphasic.trace.TraceRecorder.record(decoded));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Strategy.class, names = {"SEQUENTIAL", "THREADS"})
    void recordingReportsUnitsAndVerticesDone(Strategy strategy) {
        Graph g = Rabbits.parameterized(12);
        List<long[]> units = Collections.synchronizedList(new ArrayList<>());
        List<long[]> vertices = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = (task, done, total) -> {
            if (task.equals(WorkExecutors.UNITS_TASK)) {
                units.add(new long[] {done, total});
            } else if (task.equals(WorkExecutors.VERTICES_TASK)) {
                vertices.add(new long[] {done, total});
            }
        };
        RecordingResult r = HierarchicalRecorder.builder().minComponentSize(3).strategy(strategy).progress(listener)
                .build().record(g);
        List<WorkUnit> plan = UnitPlanner.plan(g, 3);
        long expectedVertices = WorkExecutors.totalVertices(plan);
        assertThat(r.cacheMisses()).isEqualTo(plan.size()); // rabbit components all differ: every unit recorded
        assertThat(units).hasSize(plan.size());
        assertThat(vertices).hasSize(plan.size());
        assertMonotoneTo(units, plan.size());
        assertMonotoneTo(vertices, expectedVertices);
    }

    /** Reports may arrive out of order from several threads, but the set of done values climbs to the total. */
    private static void assertMonotoneTo(List<long[]> reports, long total) {
        long max = 0;
        List<Long> done = new ArrayList<>();
        for (long[] report : reports) {
            assertThat(report[1]).isEqualTo(total);
            assertThat(report[0]).isBetween(1L, total);
            done.add(report[0]);
            max = Math.max(max, report[0]);
        }
        assertThat(max).isEqualTo(total);
        assertThat(done).doesNotHaveDuplicates();
    }
}
