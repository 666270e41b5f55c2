package org.jphasic.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.nio.file.Path;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.cache.MemoryTraceStore;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.testing.DenseOracle;
import org.jphasic.trace.TraceEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Units are shared exactly when their content is equal: a component reused in another graph is a cache hit (with
 * correct moments); equal interiors with different out-edges are not; identical components inside one graph are
 * recorded once; a second recording of the same graph is one whole-graph hit.
 */
class CacheReuseTest {
    private static final double[] THETA = {1.3, 0.7};

    /** Adds the three vertices of a component X. */
    private static int[] addComponent(GraphBuilder b, int firstState) {
        int x1 = b.addVertex(new int[] {firstState});
        int x2 = b.addVertex(new int[] {firstState + 1});
        int x3 = b.addVertex(new int[] {firstState + 2});
        return new int[] {x1, x2, x3};
    }

    /** X's edges: a cycle x1→x2→x3→x1 and two exits to {@code exit}, one with the given coefficient. */
    private static void componentEdges(GraphBuilder b, int[] x, int exit, double exitCoefficient) {
        b.addParameterizedEdge(x[0], x[1], 1, 0);
        b.addParameterizedEdge(x[1], x[2], 0, 1);
        b.addParameterizedEdge(x[1], exit, 0.5, 0);
        b.addParameterizedEdge(x[2], x[0], 1, 1);
        b.addParameterizedEdge(x[2], exit, 0, exitCoefficient);
    }

    private static Graph graphA(double exitCoefficient) {
        GraphBuilder b = new GraphBuilder(1, 2);
        int pre = b.addVertex(new int[] {1});
        int[] x = addComponent(b, 2);
        int absorbing = b.addVertex(new int[] {5});
        b.addEdge(0, pre, 1.0);
        b.addParameterizedEdge(pre, x[0], 1, 0);
        componentEdges(b, x, absorbing, exitCoefficient);
        return b.build();
    }

    private static Graph graphB() {
        GraphBuilder b = new GraphBuilder(1, 2);
        int pre = b.addVertex(new int[] {1});
        int other = b.addVertex(new int[] {9});
        int[] x = addComponent(b, 2);
        int absorbing = b.addVertex(new int[] {6});
        b.addEdge(0, pre, 0.6).addEdge(0, other, 0.4);
        b.addParameterizedEdge(pre, x[0], 2, 0);
        b.addParameterizedEdge(other, x[0], 0, 3);
        b.addParameterizedEdge(other, absorbing, 1, 0);
        componentEdges(b, x, absorbing, 2);
        return b.build();
    }

    private static void assertCorrect(RecordingResult r, Graph g) {
        TraceEvaluator ev = new TraceEvaluator(r.trace());
        ev.evaluate(THETA);
        assertRelativelyClose(ev.moments().moments(2), new DenseOracle(g.at(THETA)).moments(2, null), 1e-9,
                "moments");
    }

    private static HierarchicalRecorder recorder(TraceStore store) {
        return HierarchicalRecorder.builder().minComponentSize(3).strategy(Strategy.SEQUENTIAL).store(store).build();
    }

    @Test
    void componentSharedWithAnotherGraphIsACacheHit(@TempDir Path dir) {
        DiskTraceStore store = DiskTraceStore.open(dir);
        Graph a = graphA(2);
        RecordingResult first = recorder(store).record(a);
        assertThat(first.cacheHits()).isZero();
        assertCorrect(first, a);

        Graph b = graphB();
        RecordingResult second = recorder(DiskTraceStore.open(dir)).record(b);
        // shared: component X, and the unit holding only the absorbing vertex; the upstream batch differs
        assertThat(second.cacheHits()).as("component X and the absorbing unit").isEqualTo(2);
        assertThat(second.cacheMisses()).isEqualTo(second.distinctUnits() - 2);
        assertCorrect(second, b);
    }

    @Test
    void equalInteriorsWithDifferentOutEdgesDoNotShare(@TempDir Path dir) {
        TraceStore store = DiskTraceStore.open(dir);
        recorder(store).record(graphA(2));
        Graph changed = graphA(3); // same cycle, different exit rate
        RecordingResult r = recorder(store).record(changed);
        // the upstream batch (start, pre) and the absorbing unit are unchanged; X is not
        assertThat(r.cacheHits()).isEqualTo(r.distinctUnits() - 1);
        assertThat(r.cacheMisses()).isEqualTo(1);
        assertCorrect(r, changed);
    }

    /** Start, then components X and Y side by side with the given exit coefficients, then absorption. */
    private static Graph twoComponents(double xExit, double yExit) {
        GraphBuilder b = new GraphBuilder(1, 2);
        int[] x = addComponent(b, 1);
        int[] y = addComponent(b, 4);
        int absorbing = b.addVertex(new int[] {9});
        b.addEdge(0, x[0], 0.5).addEdge(0, y[0], 0.5);
        componentEdges(b, x, absorbing, xExit);
        componentEdges(b, y, absorbing, yExit);
        return b.build();
    }

    /** Without a cache identical units are found by content, with one by key: the same grouping either way. */
    @ParameterizedTest(name = "with a cache: {0}")
    @ValueSource(booleans = {false, true})
    void identicalComponentsInOneGraphAreRecordedOnce(boolean cached) {
        Graph g = twoComponents(2, 2);
        RecordingResult r = recorder(cached ? MemoryTraceStore.create(1 << 20) : null).record(g);
        assertThat(r.units()).isEqualTo(4); // start, X, Y, absorbing
        assertThat(r.distinctUnits()).isEqualTo(3);
        assertThat(r.cacheMisses()).isEqualTo(3);
        assertCorrect(r, g);

        Graph different = twoComponents(2, 3); // equal interiors, one exit rate differs
        RecordingResult d = recorder(cached ? MemoryTraceStore.create(1 << 20) : null).record(different);
        assertThat(d.distinctUnits()).isEqualTo(4);
        assertCorrect(d, different);
    }

    /**
     * Below the minimum size, identical components are still recorded once: components of a repeated shape are
     * not batched with their neighbours but are units of their own, which then share a key.
     */
    @Test
    void identicalSmallComponentsAreUnitsOfTheirOwnAndRecordedOnce() {
        Graph g = twoComponents(2, 2);
        HierarchicalRecorder batching = HierarchicalRecorder.builder().minComponentSize(20)
                .strategy(Strategy.SEQUENTIAL).build();
        RecordingResult r = batching.record(g);
        assertThat(r.units()).as("start, X, Y, absorbing").isEqualTo(4);
        assertThat(r.distinctUnits()).isEqualTo(3);
        assertCorrect(r, g);

        Graph different = twoComponents(2, 3); // the same shape, not the same content: alone, not shared
        RecordingResult d = batching.record(different);
        assertThat(d.units()).isEqualTo(4);
        assertThat(d.distinctUnits()).isEqualTo(4);
        assertCorrect(d, different);
    }

    @Test
    void secondRecordingOfTheSameGraphIsOneWholeGraphHit(@TempDir Path dir) {
        Graph a = graphA(2);
        recorder(DiskTraceStore.open(dir)).record(a);
        MemoryTraceStore tiered = MemoryTraceStore.inFrontOf(1 << 20, DiskTraceStore.open(dir));
        RecordingResult again = recorder(tiered).record(a);
        assertThat(again.units()).isZero();
        assertThat(again.cacheHits()).isEqualTo(1);
        assertThat(again.cacheMisses()).isZero();
        assertCorrect(again, a);
        RecordingResult fromMemory = recorder(tiered).record(a);
        assertThat(tiered.statistics().memoryHits()).isEqualTo(1);
        assertCorrect(fromMemory, a);
    }
}
