package org.jphasic.hierarchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jphasic.graph.Graph;
import org.jphasic.scc.Components;

/**
 * Cuts a graph into work units. The strongly connected components are taken in topological order (upstream
 * first); a component of at least {@code minComponentSize} vertices is a unit of its own, and so is a smaller
 * one (from an eighth of that size) whose shape — vertex count and number of out-edges — another component
 * shares, so that identical components are identical units, recorded once. Each run of the remaining components
 * between two units of their own is cut greedily into batches of at least {@code minComponentSize} vertices (the
 * last batch of a run may be smaller). Every vertex is owned by exactly one unit, and since units
 * are contiguous stretches of a topological order, edges between units only go downstream: recording the units
 * independently and replaying them downstream first is exact.
 *
 * <p>Cost O(|V| + |E|).
 */
public final class UnitPlanner {
    private UnitPlanner() {
    }

    /**
     * @param graph            the graph
     * @param minComponentSize the size from which a component is a unit of its own, at least 1
     * @return the units, upstream first
     */
    public static List<WorkUnit> plan(Graph graph, int minComponentSize) {
        List<WorkUnit> units = new ArrayList<>();
        plan(graph, minComponentSize, units::add);
        return units;
    }

    /**
     * Plans the units, handing each to {@code sink} as soon as it is built, upstream first, so that recording
     * can start before the plan is complete.
     *
     * @param graph            the graph
     * @param minComponentSize the size from which a component is a unit of its own, at least 1
     * @param sink             receives the units in order
     */
    public static void plan(Graph graph, int minComponentSize, Consumer<WorkUnit> sink) {
        if (minComponentSize < 1) {
            throw new IllegalArgumentException("the minimum component size must be at least 1, got "
                    + minComponentSize);
        }
        Components c = graph.components();
        boolean[] alone = repeatedShapes(graph, c, minComponentSize);
        int count = 0;
        int batchStart = 0;
        int batchVertices = 0;
        int[] localOf = new int[graph.vertexCount()];
        int[] unitOf = new int[graph.vertexCount()];
        Arrays.fill(unitOf, -1);
        for (int k = 0; k < c.count(); k++) {
            int size = c.size(k);
            if (size >= minComponentSize || alone[k]) {
                if (k > batchStart) {
                    sink.accept(build(graph, c, batchStart, k, localOf, unitOf, count++));
                }
                sink.accept(build(graph, c, k, k + 1, localOf, unitOf, count++));
                batchStart = k + 1;
                batchVertices = 0;
            } else {
                batchVertices += size;
                if (batchVertices >= minComponentSize) {
                    sink.accept(build(graph, c, batchStart, k + 1, localOf, unitOf, count++));
                    batchStart = k + 1;
                    batchVertices = 0;
                }
            }
        }
        if (batchStart < c.count()) {
            sink.accept(build(graph, c, batchStart, c.count(), localOf, unitOf, count++));
        }
    }

    /**
     * Small components whose shape (vertex count and number of out-edges) occurs more than once, from an eighth of
     * the minimum size up: they become units of their own, so that identical ones — common in models with
     * symmetric states — have identical units and are recorded once, instead of each being batched with
     * different neighbours. Components of one shape need not be identical; those that are not are merely units of
     * their own.
     */
    private static boolean[] repeatedShapes(Graph g, Components c, int minComponentSize) {
        boolean[] alone = new boolean[c.count()];
        int smallest = Math.max(2, minComponentSize / 8);
        // out-edges per component in one pass in vertex order: members lie scattered over the graph's arrays
        long[] edges = new long[c.count()];
        for (int v = 0; v < g.vertexCount(); v++) {
            edges[c.componentOf(v)] += g.outDegree(v);
        }
        Map<Long, Integer> seen = new HashMap<>();
        long[] shape = new long[c.count()];
        for (int k = 0; k < c.count(); k++) {
            int size = c.size(k);
            if (size < smallest || size >= minComponentSize) {
                continue;
            }
            shape[k] = ((long) size << 32) | edges[k];
            seen.merge(shape[k], 1, Integer::sum);
        }
        for (int k = 0; k < c.count(); k++) {
            alone[k] = shape[k] != 0 && seen.get(shape[k]) > 1;
        }
        return alone;
    }

    /** Builds the unit owning components [from, to). */
    private static WorkUnit build(Graph g, Components c, int from, int to, int[] localOf, int[] unitOf, int id) {
        int owned = c.end(to - 1) - c.start(from);
        int[] members = new int[owned];
        // in the graph's member order, which the elimination follows (see WorkUnit)
        for (int i = 0; i < owned; i++) {
            members[i] = c.member(c.start(from) + i);
        }
        for (int i = 0; i < owned; i++) {
            localOf[members[i]] = i;
            unitOf[members[i]] = id;
        }
        int edgeCount = 0;
        for (int v : members) {
            edgeCount += g.outDegree(v);
        }
        int parameters = g.parameterCount();
        int[] offsets = new int[owned + 1];
        int[] targets = new int[edgeCount];
        double[] weights = new double[edgeCount];
        boolean[] parameterized = new boolean[edgeCount];
        double[] coefficients = new double[edgeCount * parameters];
        int[] edgeMap = new int[edgeCount];
        int[] exits = new int[edgeCount];
        int exitCount = 0;
        int e = 0;
        for (int i = 0; i < owned; i++) {
            int v = members[i];
            for (int ge = g.edgeStart(v); ge < g.edgeEnd(v); ge++) {
                int t = g.edgeTarget(ge);
                int local;
                if (unitOf[t] == id) {
                    local = localOf[t];
                } else {
                    // exits are numbered in order of first appearance; unitOf marks them with -(id + 2)
                    if (unitOf[t] != -(id + 2)) {
                        unitOf[t] = -(id + 2);
                        localOf[t] = owned + exitCount;
                        exits[exitCount++] = t;
                    }
                    local = localOf[t];
                }
                targets[e] = local;
                edgeMap[e] = ge;
                if (g.isEdgeParameterized(ge)) {
                    parameterized[e] = true;
                    for (int k = 0; k < parameters; k++) {
                        coefficients[e * parameters + k] = g.coefficient(ge, k);
                    }
                } else {
                    weights[e] = g.edgeWeight(ge);
                }
                e++;
            }
            offsets[i + 1] = e;
        }
        // downstream vertices keep no stale marks: they will be owned by a later unit, which sets unitOf anew
        int[] vertexMap = new int[owned + exitCount];
        System.arraycopy(members, 0, vertexMap, 0, owned);
        System.arraycopy(exits, 0, vertexMap, owned, exitCount);
        int startLocal = unitOf[Graph.START] == id ? localOf[Graph.START] : -1;
        return new WorkUnit(owned, exitCount, startLocal, parameters, g.isDiscrete(), offsets, targets, weights,
                parameterized, coefficients, vertexMap, edgeMap, c, from, to);
    }
}
