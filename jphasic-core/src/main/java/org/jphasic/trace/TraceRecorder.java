package org.jphasic.trace;

import org.jphasic.graph.Graph;
import org.jphasic.moments.Elimination;

/**
 * Records the elimination trace of a (parameterized) graph once, so that moments for any θ cost one tape
 * evaluation and a replay instead of a new elimination.
 *
 * <p>The recording runs {@link Elimination#run} — the very elimination that computes numeric moments — over a
 * tape arithmetic, so the trace holds every elimination-time reward update (the self-loop corrections the
 * reference library's trace omits, which made its cyclic-graph moments wrong). Identical operations and
 * constants are interned and trivial ones folded while recording; unused operations are dropped at the end.
 * No recursion: graphs of 10⁵ and more vertices record in memory proportional to the tape.
 *
 * <pre>{@code
 * Trace trace = TraceRecorder.record(Rabbits.parameterized(2));
 * TraceEvaluator ev = new TraceEvaluator(trace);
 * ev.evaluate(new double[] {1, 2, 4});
 * ev.moments().expectation();            // 0.508305647840532
 * }</pre>
 */
public final class TraceRecorder {
    private TraceRecorder() {
    }

    /**
     * Records the trace of a graph (parameterized or not).
     *
     * @param graph the graph
     * @return its trace
     */
    public static Trace record(Graph graph) {
        return record(TraceSource.of(graph));
    }

    /**
     * Records the trace of any trace source: a whole graph, or a work unit whose exits are already solved.
     * The trace's vertices and edges are the source's.
     *
     * @param source the source
     * @return its trace
     */
    public static Trace record(TraceSource source) {
        TapeBuilder tape = new TapeBuilder(source, source.parameterCount());
        Elimination.run(source, tape);
        int m = source.edgeCount();
        int n = source.vertexCount();
        int[] edgeSource = new int[m];
        int[] edgeTarget = new int[m];
        int[] edgeWeightSlot = new int[m];
        int[] vertexRateSlot = new int[n];
        int[] buffer = new int[16];
        for (int v = 0; v < n; v++) {
            int start = source.edgeStart(v);
            int end = source.edgeEnd(v);
            if (buffer.length < end - start) {
                buffer = new int[end - start];
            }
            for (int e = start; e < end; e++) {
                edgeSource[e] = v;
                edgeTarget[e] = source.edgeTarget(e);
                edgeWeightSlot[e] = tape.weight(e);
                buffer[e - start] = edgeWeightSlot[e];
            }
            // the same sum the elimination built (interned), kept so evaluation can check λ_v > 0
            boolean transientVertex = source.isOwned(v) && v != source.startVertex() && start < end;
            vertexRateSlot[v] = transientVertex ? tape.sum(buffer, end - start) : -1;
        }
        return tape.finish(n, source.isDiscrete(), edgeSource, edgeTarget, edgeWeightSlot, vertexRateSlot);
    }
}
