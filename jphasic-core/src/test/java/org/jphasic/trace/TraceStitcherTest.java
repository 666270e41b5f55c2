package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.IsolationWithMigration;
import org.jphasic.testing.DenseOracle;
import org.junit.jupiter.api.Test;

/**
 * The stitcher on its own: units appended upstream first, identical units given one shared trace or equal
 * copies, and what it refuses.
 */
class TraceStitcherTest {
    /**
     * A trace appended again for an identical unit reuses the numbering of its first appearance instead of looking
     * every operation up: the whole trace must be, byte for byte, what appending equal copies gives, and evaluate
     * to the dense formula's moments.
     */
    @Test
    void aSharedTraceAppendedAgainGivesWhatEqualCopiesGive() {
        Graph g = IsolationWithMigration.paper(3, 3).twoPopulationParameterized();
        List<WorkUnit> units = UnitPlanner.plan(g, 10);
        Map<Key, Trace> shared = new HashMap<>();
        List<Trace> sharedTraces = new ArrayList<>();
        List<Trace> copies = new ArrayList<>();
        for (WorkUnit u : units) {
            Trace t = shared.computeIfAbsent(new Key(u.toBytes()), k -> TraceRecorder.record(u));
            sharedTraces.add(t);
            copies.add(TraceEncoding.decode(ByteBuffer.wrap(TraceEncoding.encode(t))));
        }
        assertThat(shared.size()).as("IM 3+3 has identical units").isLessThan(units.size());
        Trace fromShared = stitch(g, units, sharedTraces);
        Trace fromCopies = stitch(g, units, copies);
        assertThat(TraceEncoding.encode(fromShared)).isEqualTo(TraceEncoding.encode(fromCopies));
        Trace direct = TraceRecorder.record(g);
        assertThat(fromShared.size()).isEqualTo(direct.size());
        // every edge's source and target come from the unit owning it, as the graph has them
        assertThat(fromShared.edgeSource).isEqualTo(direct.edgeSource);
        assertThat(fromShared.edgeTarget).isEqualTo(direct.edgeTarget);
        double[] theta = {1.0, 0.7, 0.3, 0.2};
        TraceEvaluator ev = new TraceEvaluator(fromShared);
        ev.evaluate(theta);
        assertRelativelyClose(ev.moments().moments(2), new DenseOracle(g.at(theta)).moments(2, null), 1e-9,
                "IM 3+3 moments");
    }

    @Test
    void refusesUnitsThatDoNotFit() {
        Graph g = IsolationWithMigration.paper(2, 2).twoPopulationParameterized();
        WorkUnit u = UnitPlanner.plan(g, 10).get(0);
        Trace t = TraceRecorder.record(u);
        TraceStitcher s = new TraceStitcher(g.vertexCount(), g.edgeCount(), g.parameterCount() + 1, false);
        assertThatThrownBy(() -> s.append(t, u.vertexMap(), u.edgeMap()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters");
        TraceStitcher fits = new TraceStitcher(g.vertexCount(), g.edgeCount(), g.parameterCount(), false);
        assertThatThrownBy(() -> fits.append(t, new int[1], u.edgeMap()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertex or edge map");
        fits.append(t, u.vertexMap(), u.edgeMap());
        assertThat(fits.unitCount()).isEqualTo(1);
        assertThatThrownBy(fits::finish).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to no unit");
    }

    /** The finished trace owns the stitcher's arrays: nothing may be appended afterwards, nor finished again. */
    @Test
    void refusesWorkAfterFinishing() {
        Graph g = IsolationWithMigration.paper(2, 2).twoPopulationParameterized();
        List<WorkUnit> units = UnitPlanner.plan(g, 10);
        TraceStitcher s = new TraceStitcher(g.vertexCount(), g.edgeCount(), g.parameterCount(), false);
        List<Trace> traces = new ArrayList<>();
        for (WorkUnit u : units) {
            traces.add(TraceRecorder.record(u));
            s.append(traces.get(traces.size() - 1), u.vertexMap(), u.edgeMap());
        }
        Trace whole = s.finish(true);
        byte[] before = TraceEncoding.encode(whole);
        assertThatThrownBy(() -> s.append(traces.get(0), units.get(0).vertexMap(), units.get(0).edgeMap()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
        assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
        assertThat(TraceEncoding.encode(whole)).isEqualTo(before);
        assertThat(before).isEqualTo(TraceEncoding.encode(stitch(g, units, traces)));
    }

    private static Trace stitch(Graph g, List<WorkUnit> units, List<Trace> traces) {
        TraceStitcher s = new TraceStitcher(g.vertexCount(), g.edgeCount(), g.parameterCount(), g.isDiscrete());
        for (int i = 0; i < units.size(); i++) {
            s.append(traces.get(i), units.get(i).vertexMap(), units.get(i).edgeMap());
        }
        return s.finish();
    }

    /** A unit's content, as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
