package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jphasic.graph.Graph;

/** Compares two graphs exactly: vertices by index, states, and each vertex's edges as a set keyed by target. */
final class GraphAssertions {
    private GraphAssertions() {
    }

    static void assertSameGraph(Graph actual, Graph expected, String what) {
        assertThat(actual.vertexCount()).as(what + ": vertex count").isEqualTo(expected.vertexCount());
        assertThat(actual.stateLength()).as(what + ": state length").isEqualTo(expected.stateLength());
        assertThat(actual.parameterCount()).as(what + ": parameter count").isEqualTo(expected.parameterCount());
        assertThat(actual.isDiscrete()).as(what + ": discrete").isEqualTo(expected.isDiscrete());
        assertThat(actual.isParameterized()).as(what + ": parameterized").isEqualTo(expected.isParameterized());
        for (int v = 0; v < expected.vertexCount(); v++) {
            assertThat(actual.state(v)).as(what + ": state of vertex " + v).isEqualTo(expected.state(v));
            assertThat(edgesOf(actual, v)).as(what + ": edges of vertex " + v).isEqualTo(edgesOf(expected, v));
        }
    }

    /** A vertex's edges as text with exact bits, sorted by target, e.g. {@code 3 c 0x3fe0000000000000}. */
    static List<String> edgesOf(Graph g, int v) {
        List<String> edges = new ArrayList<>();
        for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
            StringBuilder text = new StringBuilder(String.format("%09d", g.edgeTarget(e)));
            if (g.isEdgeParameterized(e)) {
                text.append(" p");
                for (double c : g.coefficients(e)) {
                    text.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(c)));
                }
            } else {
                text.append(" c ").append(Long.toHexString(Double.doubleToRawLongBits(g.edgeWeight(e))));
            }
            edges.add(text.toString());
        }
        String[] sorted = edges.toArray(new String[0]);
        Arrays.sort(sorted);
        return List.of(sorted);
    }
}
