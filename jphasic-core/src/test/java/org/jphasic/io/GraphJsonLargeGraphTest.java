package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graph with 10⁶ edges (and 250,005 vertices) is written to a file and read back exactly. */
class GraphJsonLargeGraphTest {
    private static final int TRANSIENT = 250_000;
    private static final int OUT_DEGREE = 4;

    @Test
    void aMillionEdgeGraphRoundTripsThroughAFile(@TempDir Path dir) {
        Graph g = layeredGraph();
        assertThat(g.edgeCount()).isEqualTo(TRANSIENT * OUT_DEGREE + 1);

        Path file = dir.resolve("large.json");
        GraphJson.write(g, file);
        Graph back = GraphJson.read(file);

        assertThat(back.vertexCount()).isEqualTo(g.vertexCount());
        for (int v = 0; v < g.vertexCount(); v++) {
            assertThat(back.edgeStart(v)).isEqualTo(g.edgeStart(v));
            for (int j = 0; j < g.stateLength(); j++) {
                if (back.stateValue(v, j) != g.stateValue(v, j)) {
                    assertThat(back.state(v)).as("state of vertex " + v).isEqualTo(g.state(v));
                }
            }
        }
        for (int e = 0; e < g.edgeCount(); e++) {
            if (back.edgeTarget(e) != g.edgeTarget(e)
                    || Double.doubleToRawLongBits(back.edgeWeight(e)) != Double.doubleToRawLongBits(g.edgeWeight(e))) {
                assertThat(back.describeEdge(e) + " " + back.edgeWeight(e))
                        .isEqualTo(g.describeEdge(e) + " " + g.edgeWeight(e));
            }
        }
        assertThat(GraphHash.of(back)).isEqualTo(GraphHash.of(g));
        assertThat(Moments.of(back).expectation()).isEqualTo(Moments.of(g).expectation());
    }

    /** Vertex i (1..TRANSIENT) jumps to i+1..i+4 at random rates; past the end, to one of four absorbing ones. */
    private static Graph layeredGraph() {
        SplittableRandom rng = new SplittableRandom(42);
        GraphBuilder b = new GraphBuilder(2);
        for (int i = 1; i <= TRANSIENT; i++) {
            b.addVertex(new int[] {i, i % 3});
        }
        int firstAbsorbing = TRANSIENT + 1;
        for (int k = 0; k < OUT_DEGREE; k++) {
            b.addVertex(new int[] {0, 0});
        }
        b.addEdge(Graph.START, 1, 1.0);
        for (int i = 1; i <= TRANSIENT; i++) {
            for (int k = 1; k <= OUT_DEGREE; k++) {
                int target = i + k <= TRANSIENT ? i + k : firstAbsorbing + k - 1;
                b.addEdge(i, target, 0.1 + rng.nextDouble());
            }
        }
        return b.build();
    }
}
