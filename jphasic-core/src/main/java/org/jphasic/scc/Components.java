package org.jphasic.scc;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.jphasic.graph.Graph;

/**
 * The strongly connected components of a directed graph, found by an iterative version of Tarjan's algorithm
 * (no recursion, so graphs with millions of vertices do not overflow the stack), numbered in a topological
 * order of the condensation: every edge goes from a component to itself or to a component with a larger
 * number, and vertex 0's component (the starting vertex's) is number 0. Component numbers are therefore
 * "upstream first"; iterating them backwards visits every component after all components downstream of it,
 * which is the order block back-substitution needs. {@link #level(int)} gives the longest-path levels of the
 * condensation DAG.
 *
 * <p>Cost O(|V| + |E|) time and O(|V|) extra memory.
 *
 * <pre>{@code
 * Components c = Components.of(graph);
 * for (int k = c.count() - 1; k >= 0; k--) {      // downstream first
 *     for (int i = c.start(k); i < c.end(k); i++) {
 *         int v = c.member(i);
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class Components {
    private final int[] componentOf;
    private final int[] offsets;
    private final int[] members;
    private final int[] level;
    private final int levelCount;

    private Components(int[] componentOf, int[] offsets, int[] members, int[] level, int levelCount) {
        this.componentOf = componentOf;
        this.offsets = offsets;
        this.members = members;
        this.level = level;
        this.levelCount = levelCount;
    }

    /**
     * Decomposes a graph into its strongly connected components.
     *
     * @param graph the graph. Not modified.
     * @return the components, numbered upstream first
     */
    public static Components of(Graph graph) {
        return graph.components();
    }

    /**
     * Decomposes a directed graph given in compressed sparse row form.
     *
     * @param vertexCount the number of vertices
     * @param edgeOffsets vertex {@code v}'s edges are {@code edgeOffsets[v] .. edgeOffsets[v+1]-1}, length
     *                    {@code vertexCount + 1}. Not modified.
     * @param edgeTargets the target vertex of every edge. Not modified.
     * @param edgeFilter  which edges count (by edge index), or {@code null} for all of them
     * @return the components, numbered upstream first
     */
    public static Components of(int vertexCount, int[] edgeOffsets, int[] edgeTargets, IntPredicate edgeFilter) {
        int[] index = new int[vertexCount];
        Arrays.fill(index, -1);
        int[] lowLink = new int[vertexCount];
        boolean[] onStack = new boolean[vertexCount];
        int[] stack = new int[vertexCount];
        int stackSize = 0;
        int[] callVertex = new int[vertexCount];
        int[] callEdge = new int[vertexCount];
        int[] emittedComponent = new int[vertexCount]; // component in emission order (sinks first)
        int[] emitted = new int[vertexCount];          // vertices in emission order
        int emittedCount = 0;
        int componentCount = 0;
        int nextIndex = 0;

        // roots from the last vertex down: vertex 0's tree is emitted last, so the start's component is number 0
        for (int root = vertexCount - 1; root >= 0; root--) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = edgeOffsets[root];
            index[root] = lowLink[root] = nextIndex++;
            stack[stackSize++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                int e = callEdge[depth];
                int end = edgeOffsets[v + 1];
                boolean descended = false;
                while (e < end) {
                    int edge = e++;
                    if (edgeFilter != null && !edgeFilter.test(edge)) {
                        continue;
                    }
                    int w = edgeTargets[edge];
                    if (index[w] < 0) {
                        callEdge[depth] = e;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = edgeOffsets[w];
                        index[w] = lowLink[w] = nextIndex++;
                        stack[stackSize++] = w;
                        onStack[w] = true;
                        descended = true;
                        break;
                    } else if (onStack[w] && index[w] < lowLink[v]) {
                        lowLink[v] = index[w];
                    }
                }
                if (descended) {
                    continue;
                }
                if (lowLink[v] == index[v]) {
                    int w;
                    do {
                        w = stack[--stackSize];
                        onStack[w] = false;
                        emitted[emittedCount] = w;
                        emittedComponent[emittedCount] = componentCount;
                        emittedCount++;
                    } while (w != v);
                    componentCount++;
                }
                depth--;
                if (depth >= 0) {
                    int parent = callVertex[depth];
                    if (lowLink[v] < lowLink[parent]) {
                        lowLink[parent] = lowLink[v];
                    }
                }
            }
        }

        // Tarjan emits sinks first; renumber so that component 0 is the most upstream.
        int[] componentOf = new int[vertexCount];
        int[] offsets = new int[componentCount + 1];
        int[] members = new int[vertexCount];
        for (int i = 0; i < emittedCount; i++) {
            int c = componentCount - 1 - emittedComponent[i];
            componentOf[emitted[i]] = c;
            offsets[c + 1]++;
        }
        for (int c = 0; c < componentCount; c++) {
            offsets[c + 1] += offsets[c];
        }
        int[] fill = Arrays.copyOf(offsets, componentCount);
        for (int i = 0; i < emittedCount; i++) {
            int v = emitted[i];
            members[fill[componentOf[v]]++] = v;
        }
        return withLevels(componentOf, offsets, members, edgeOffsets, edgeTargets, edgeFilter);
    }

    /** Adds the levels: the longest path (in components) from a component without predecessors. */
    private static Components withLevels(int[] componentOf, int[] offsets, int[] members, int[] edgeOffsets,
                                         int[] edgeTargets, IntPredicate edgeFilter) {
        int componentCount = offsets.length - 1;
        int[] level = new int[componentCount];
        int levels = componentCount == 0 ? 0 : 1;
        for (int c = 0; c < componentCount; c++) {
            for (int i = offsets[c]; i < offsets[c + 1]; i++) {
                int v = members[i];
                for (int e = edgeOffsets[v]; e < edgeOffsets[v + 1]; e++) {
                    if (edgeFilter != null && !edgeFilter.test(e)) {
                        continue;
                    }
                    int d = componentOf[edgeTargets[e]];
                    if (d != c && level[d] < level[c] + 1) {
                        level[d] = level[c] + 1;
                        levels = Math.max(levels, level[d] + 1);
                    }
                }
            }
        }
        return new Components(componentOf, offsets, members, level, levels);
    }

    /**
     * Components {@code from .. to-1} of this decomposition as the components of a work unit cut from them, found
     * without searching again. The unit's owned vertices are these components' members in member order (local
     * vertex {@code i} is {@code member(start(from) + i)}), followed by {@code exitCount} exits — vertices outside
     * the unit that its edges reach, without edges of their own — each a component of its own after the owned
     * ones. The numbering is this one's (component {@code from} is the unit's 0), members are listed by increasing
     * local index, as {@link #withMembersByIndex()} lists them, and the levels are those of the unit's own
     * condensation.
     *
     * @param from        the first component
     * @param to          one past the last component, {@code from < to <= count()}
     * @param exitCount   the number of exits, at least 0
     * @param edgeOffsets the unit's edges in compressed sparse row form over its owned vertices, length
     *                    {@code end(to - 1) - start(from) + 1}. Not modified.
     * @param edgeTargets the local target of every edge of the unit: owned vertices, then exits. Not modified.
     * @return the unit's components
     * @throws IllegalArgumentException if the range or the offsets' length does not fit
     */
    public Components slice(int from, int to, int exitCount, int[] edgeOffsets, int[] edgeTargets) {
        if (from < 0 || to <= from || to > count() || exitCount < 0) {
            throw new IllegalArgumentException("no unit of components [" + from + ", " + to + ") with " + exitCount
                    + " exits in " + count() + " components");
        }
        int owned = offsets[to] - offsets[from];
        if (edgeOffsets.length != owned + 1) {
            throw new IllegalArgumentException("the unit owns " + owned + " vertices but has " + edgeOffsets.length
                    + " edge offsets");
        }
        int n = owned + exitCount;
        int ownedComponents = to - from;
        int[] componentOf = new int[n];
        int[] sliceOffsets = new int[ownedComponents + exitCount + 1];
        int[] sliceMembers = new int[n];
        int[] allOffsets = Arrays.copyOf(edgeOffsets, n + 1);
        for (int k = 0; k < ownedComponents; k++) {
            sliceOffsets[k + 1] = offsets[from + k + 1] - offsets[from];
            Arrays.fill(componentOf, sliceOffsets[k], sliceOffsets[k + 1], k);
        }
        for (int j = 0; j < exitCount; j++) {
            componentOf[owned + j] = ownedComponents + j;
            sliceOffsets[ownedComponents + j + 1] = owned + j + 1;
            allOffsets[owned + j + 1] = edgeOffsets[owned];
        }
        for (int v = 0; v < n; v++) {
            sliceMembers[v] = v;
        }
        return withLevels(componentOf, sliceOffsets, sliceMembers, allOffsets, edgeTargets, null);
    }

    /**
     * The same components, numbering and levels with the members of every component listed by increasing vertex
     * index instead of in the order the search found them. A work unit uses it: its vertices are numbered in its
     * graph's member order, so listing them by index repeats that order, and with it the graph's elimination.
     *
     * @return a copy with sorted member lists
     */
    public Components withMembersByIndex() {
        int[] sorted = members.clone();
        for (int c = 0; c < count(); c++) {
            Arrays.sort(sorted, offsets[c], offsets[c + 1]);
        }
        return new Components(componentOf, offsets, sorted, level, levelCount);
    }

    /**
     * The level of a component in the condensation DAG: 0 for components without an upstream neighbour, otherwise
     * one more than the highest level upstream. Components on one level do not depend on each other, so their
     * reward-program blocks can run in parallel.
     *
     * @param component a component number
     * @return its level
     */
    public int level(int component) {
        return level[component];
    }

    /** @return the number of levels (1 + the highest level) */
    public int levelCount() {
        return levelCount;
    }

    /** @return the number of components */
    public int count() {
        return offsets.length - 1;
    }

    /**
     * @param vertex a vertex
     * @return the number of the component holding it
     */
    public int componentOf(int vertex) {
        return componentOf[vertex];
    }

    /**
     * @param component a component number
     * @return the position of its first member in {@link #member(int)}
     */
    public int start(int component) {
        return offsets[component];
    }

    /**
     * @param component a component number
     * @return one past the position of its last member in {@link #member(int)}
     */
    public int end(int component) {
        return offsets[component + 1];
    }

    /**
     * @param component a component number
     * @return the number of vertices in it
     */
    public int size(int component) {
        return offsets[component + 1] - offsets[component];
    }

    /**
     * @param position a position between {@code start(c)} and {@code end(c) - 1} of some component c
     * @return the vertex at that position
     */
    public int member(int position) {
        return members[position];
    }

    /**
     * @param component a component number
     * @return a copy of its vertices
     */
    public int[] vertices(int component) {
        return Arrays.copyOfRange(members, offsets[component], offsets[component + 1]);
    }

    /** @return the size of the largest component */
    public int largestSize() {
        int largest = 0;
        for (int c = 0; c < count(); c++) {
            largest = Math.max(largest, size(c));
        }
        return largest;
    }
}
