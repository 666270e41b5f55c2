package org.jphasic.moments;

import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.scc.Components;

/**
 * Graph elimination: turns a phase-type graph into a {@link RewardProgram} whose replay on a reward vector r
 * gives x = UΔ(r)1, the expected accumulated reward from every vertex (Røikjer, Hobolth &amp; Munch 2022,
 * §2.4–2.7), with
 *
 * <pre>
 *     x_v = r_v/λ_v + Σ_z p(v→z)·x_z,   p(v→z) = w(v→z)/λ_v,   x = 0 on absorbing vertices.
 * </pre>
 *
 * <p><b>Block back-substitution.</b> The strongly connected components are visited downstream first. For each
 * component K the program (1) scales every reward by the mean sojourn 1/λ_v, (2) adds p(v→d)·x_d for every
 * edge leaving K (x_d is final, d being downstream), (3) eliminates K's vertices one by one, adding the
 * eliminated vertex's constant to its remaining parents and resolving the self-loops this creates, and (4)
 * back-substitutes inside K. No fill-in crosses a component boundary, so a DAG costs O(|E|) commands and a
 * graph of small components O(|E| + fill inside them); the reference's single upstream-first elimination costs
 * O(|V|³) on the rabbit model. Inside a component vertices are eliminated in minimum-degree (Markowitz) order
 * to limit fill-in.
 *
 * <p><b>No cancellation.</b> Each vertex carries its exit mass (the probability of leaving its component), so a
 * self-loop factor 1/(1 − q) is computed as the reciprocal of the sum of the remaining probabilities, never by a
 * subtraction (the Grassmann–Taksar–Heyman idea); nearly closed classes keep their accuracy.
 *
 * <p><b>One elimination, two consumers.</b> The engine {@link #run(EliminationInput, EliminationArithmetic)}
 * is written over an abstract arithmetic. Numbers give a {@link RewardProgram}; the trace recorder gives a
 * parameterized trace. Both come from this code.
 *
 * <pre>{@code
 * RewardProgram program = Elimination.program(graph);
 * double[] x = new double[graph.vertexCount()];
 * Arrays.fill(x, 1.0);
 * program.replay(x);              // x[0] = E[T]
 * }</pre>
 */
public final class Elimination {
    private Elimination() {
    }

    /**
     * Eliminates a constant graph.
     *
     * @param graph the graph, not parameterized (use {@code graph.at(theta)})
     * @return its reward program
     * @throws ParameterException if the graph is parameterized
     */
    public static RewardProgram program(Graph graph) {
        if (graph.isParameterized()) {
            throw new ParameterException("the graph is parameterized: its rates depend on theta. Use "
                    + "graph.at(theta) for one parameter vector, or record a trace");
        }
        double[] weights = new double[graph.edgeCount()];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = graph.edgeWeight(e);
        }
        NumericArithmetic arithmetic = new NumericArithmetic(weights, graph.vertexCount());
        run(input(graph), arithmetic);
        return arithmetic.program();
    }

    /**
     * The whole graph as an elimination input: every vertex owned, vertex 0 the start.
     *
     * @param graph the graph
     * @return a view of it
     */
    public static EliminationInput input(Graph graph) {
        return new EliminationInput() {
            @Override
            public int vertexCount() {
                return graph.vertexCount();
            }

            @Override
            public int edgeStart(int vertex) {
                return graph.edgeStart(vertex);
            }

            @Override
            public int edgeEnd(int vertex) {
                return graph.edgeEnd(vertex);
            }

            @Override
            public int edgeTarget(int edge) {
                return graph.edgeTarget(edge);
            }

            @Override
            public boolean isOwned(int vertex) {
                return true;
            }

            @Override
            public int startVertex() {
                return Graph.START;
            }

            @Override
            public Components components() {
                return graph.components();
            }
        };
    }

    /**
     * Runs the elimination, emitting the reward program to {@code arithmetic}. Owned components are visited
     * downstream first; each component's commands come as one block.
     *
     * @param input      the graph to eliminate. Not modified.
     * @param arithmetic the arithmetic and the program sink. Modified.
     */
    public static void run(EliminationInput input, EliminationArithmetic arithmetic) {
        new Engine(input, arithmetic).run();
    }

    /** The elimination itself; one instance per run, scratch arrays reused across components. */
    private static final class Engine {
        private final EliminationInput in;
        private final EliminationArithmetic ar;
        private final Components components;
        private final int[] localOf;
        private final int[] slot;
        private final int[] slotStamp;
        private int stamp;
        private int[] buffer = new int[16];
        private int[] exitBuffer = new int[16];
        private final LongHeap heap = new LongHeap();

        Engine(EliminationInput in, EliminationArithmetic ar) {
            this.in = in;
            this.ar = ar;
            this.components = in.components();
            int n = in.vertexCount();
            this.localOf = new int[n];
            this.slot = new int[n];
            this.slotStamp = new int[n];
        }

        void run() {
            for (int k = components.count() - 1; k >= 0; k--) {
                int first = components.start(k);
                if (!in.isOwned(components.member(first))) {
                    continue;
                }
                int mark = ar.mark();
                if (components.size(k) == 1) {
                    eliminateSingleton(components.member(first));
                } else {
                    eliminateComponent(k);
                }
                ar.release(mark);
            }
        }

        private void eliminateSingleton(int v) {
            int start = in.edgeStart(v);
            int end = in.edgeEnd(v);
            if (v == in.startVertex()) {
                ar.scale(v, ar.zero());
                for (int e = start; e < end; e++) {
                    ar.accumulate(v, in.edgeTarget(e), ar.weight(e));
                }
                return;
            }
            if (start == end) {
                ar.scale(v, ar.zero());
                return;
            }
            int degree = end - start;
            int[] w = buffer(degree);
            for (int e = start; e < end; e++) {
                w[e - start] = ar.weight(e);
            }
            int inverseRate = ar.reciprocal(ar.sum(w, degree));
            ar.scale(v, inverseRate);
            for (int e = start; e < end; e++) {
                ar.accumulate(v, in.edgeTarget(e), ar.multiply(w[e - start], inverseRate));
            }
        }

        private void eliminateComponent(int k) {
            int first = components.start(k);
            int s = components.size(k);
            int[] global = new int[s];
            for (int i = 0; i < s; i++) {
                int v = components.member(first + i);
                global[i] = v;
                localOf[v] = i;
            }
            int[][] childTarget = new int[s][];
            int[][] childValue = new int[s][];
            int[] childCount = new int[s];
            int[][] parents = new int[s][];
            int[] parentCount = new int[s];
            int[] exitMass = new int[s];
            int[] remainingParents = new int[s];
            boolean[] eliminated = new boolean[s];

            // (1) mean sojourns, (2) edges leaving the component, internal edges as probabilities.
            for (int i = 0; i < s; i++) {
                int v = global[i];
                int start = in.edgeStart(v);
                int end = in.edgeEnd(v);
                int degree = end - start;
                int[] w = buffer(degree);
                if (exitBuffer.length < degree) {
                    exitBuffer = new int[Math.max(degree, exitBuffer.length * 2)];
                }
                for (int e = start; e < end; e++) {
                    w[e - start] = ar.weight(e);
                }
                int inverseRate = ar.reciprocal(ar.sum(w, degree));
                ar.scale(v, inverseRate);
                int internal = 0;
                int exits = 0;
                for (int e = start; e < end; e++) {
                    if (components.componentOf(in.edgeTarget(e)) == k) {
                        internal++;
                    }
                }
                childTarget[i] = new int[Math.max(2, internal)];
                childValue[i] = new int[Math.max(2, internal)];
                for (int e = start; e < end; e++) {
                    int target = in.edgeTarget(e);
                    int p = ar.multiply(w[e - start], inverseRate);
                    if (components.componentOf(target) == k) {
                        int c = localOf[target];
                        childTarget[i][childCount[i]] = c;
                        childValue[i][childCount[i]++] = p;
                        remainingParents[c]++;
                    } else {
                        ar.accumulate(v, target, p);
                        exitBuffer[exits++] = p;
                    }
                }
                exitMass[i] = exits == 0 ? -1 : ar.sum(exitBuffer, exits);
            }
            for (int i = 0; i < s; i++) {
                parents[i] = new int[Math.max(2, remainingParents[i])];
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < childCount[i]; j++) {
                    int c = childTarget[i][j];
                    parents[c][parentCount[c]++] = i;
                }
            }

            // (3) forward elimination in minimum-degree order.
            heap.clear();
            for (int i = 0; i < s; i++) {
                heap.push(key(remainingParents[i], childCount[i], i));
            }
            int[] order = new int[s];
            int done = 0;
            while (done < s) {
                long top = heap.pop();
                int i = (int) top;
                if (eliminated[i] || top != key(remainingParents[i], childCount[i], i)) {
                    continue;
                }
                eliminated[i] = true;
                order[done++] = i;
                for (int j = 0; j < childCount[i]; j++) {
                    int c = childTarget[i][j];
                    remainingParents[c]--;
                    heap.push(key(remainingParents[c], childCount[c], c));
                }
                for (int pi = 0; pi < parentCount[i]; pi++) {
                    int u = parents[i][pi];
                    if (eliminated[u]) {
                        continue;
                    }
                    // remove u -> i, remembering its probability a
                    int a = -1;
                    for (int j = 0; j < childCount[u]; j++) {
                        if (childTarget[u][j] == i) {
                            a = childValue[u][j];
                            int last = --childCount[u];
                            childTarget[u][j] = childTarget[u][last];
                            childValue[u][j] = childValue[u][last];
                            break;
                        }
                    }
                    ar.accumulate(global[u], global[i], a);
                    stamp++;
                    for (int j = 0; j < childCount[u]; j++) {
                        int c = childTarget[u][j];
                        slotStamp[c] = stamp;
                        slot[c] = j;
                    }
                    boolean loop = false;
                    for (int j = 0; j < childCount[i]; j++) {
                        int c = childTarget[i][j];
                        if (c == u) {
                            loop = true;
                            continue;
                        }
                        int bypass = ar.multiply(a, childValue[i][j]);
                        if (slotStamp[c] == stamp) {
                            childValue[u][slot[c]] = ar.add(childValue[u][slot[c]], bypass);
                        } else {
                            int n = childCount[u];
                            if (n == childTarget[u].length) {
                                childTarget[u] = Arrays.copyOf(childTarget[u], n * 2);
                                childValue[u] = Arrays.copyOf(childValue[u], n * 2);
                            }
                            childTarget[u][n] = c;
                            childValue[u][n] = bypass;
                            childCount[u] = n + 1;
                            slotStamp[c] = stamp;
                            slot[c] = n;
                            if (parentCount[c] == parents[c].length) {
                                parents[c] = Arrays.copyOf(parents[c], parentCount[c] * 2);
                            }
                            parents[c][parentCount[c]++] = u;
                            remainingParents[c]++;
                            heap.push(key(remainingParents[c], childCount[c], c));
                        }
                    }
                    if (exitMass[i] >= 0) {
                        int through = ar.multiply(a, exitMass[i]);
                        exitMass[u] = exitMass[u] >= 0 ? ar.add(exitMass[u], through) : through;
                    }
                    if (loop) {
                        // 1 − q equals the remaining out-probability of u: sum it instead of subtracting.
                        int n = childCount[u];
                        int[] terms = buffer(n + 1);
                        System.arraycopy(childValue[u], 0, terms, 0, n);
                        int count = n;
                        if (exitMass[u] >= 0) {
                            terms[count++] = exitMass[u];
                        }
                        int factor = ar.reciprocal(ar.sum(terms, count));
                        ar.scale(global[u], factor);
                        for (int j = 0; j < n; j++) {
                            childValue[u][j] = ar.multiply(childValue[u][j], factor);
                        }
                        if (exitMass[u] >= 0) {
                            exitMass[u] = ar.multiply(exitMass[u], factor);
                        }
                    }
                    heap.push(key(remainingParents[u], childCount[u], u));
                }
            }

            // (4) back-substitution, last eliminated first.
            for (int idx = s - 1; idx >= 0; idx--) {
                int u = order[idx];
                for (int j = 0; j < childCount[u]; j++) {
                    ar.accumulate(global[u], global[childTarget[u][j]], childValue[u][j]);
                }
            }
        }

        private static long key(int remainingParents, int children, int local) {
            long score = Math.min((long) remainingParents * children, Integer.MAX_VALUE);
            return (score << 32) | local;
        }

        private int[] buffer(int size) {
            if (buffer.length < size) {
                buffer = new int[Math.max(size, buffer.length * 2)];
            }
            return buffer;
        }
    }
}
