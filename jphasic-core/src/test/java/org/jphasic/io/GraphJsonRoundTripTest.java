package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.io.GraphAssertions.assertSameGraph;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graph → JSON → graph keeps everything: structure by index, states, weights and coefficients bit for bit, the
 * discrete flag, the moments and the hash; and writing the read graph reproduces the document exactly.
 */
class GraphJsonRoundTripTest {
    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void constantGraphsRoundTrip(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(40));
        Graph g = spec.build(RandomGraphs.shuffledIds(spec.idCount(), new SplittableRandom(seed)));
        Graph back = roundTrip(g, spec.toString());
        assertThat(Moments.of(back).moments(3)).as(spec.toString()).isEqualTo(Moments.of(g).moments(3));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void parameterizedGraphsRoundTrip(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(40, 1 + (int) (seed % 4)));
        Graph g = spec.build();
        Graph back = roundTrip(g, spec.toString());
        double[] theta = spec.randomTheta(new SplittableRandom(seed));
        // within a vertex, parameterized edges are read before constant ones: the same sums in another order
        assertRelativelyClose(Moments.of(back.at(theta)).moments(3), Moments.of(g.at(theta)).moments(3), 1e-12,
                spec.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteGraphsRoundTrip(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(40));
        Graph g = spec.build();
        Graph back = roundTrip(g, spec.toString());
        assertThat(back.isDiscrete()).isTrue();
        assertThat(Moments.of(back).moments(3)).as(spec.toString()).isEqualTo(Moments.of(g).moments(3));
    }

    @Test
    void duplicateStatesStayDistinctVertices() {
        GraphBuilder b = new GraphBuilder(2);
        int absorbing = b.addVertex(new int[] {0, 0}); // the same state as the start
        int first = b.addVertex(new int[] {1, 1});
        int second = b.addVertex(new int[] {1, 1});
        int third = b.addVertex(new int[] {1, 1});
        b.addEdge(Graph.START, first, 0.6).addEdge(Graph.START, second, 0.4);
        b.addEdge(first, second, 1.0).addEdge(second, third, 2.0).addEdge(third, absorbing, 3.0);
        b.addEdge(second, absorbing, 0.5).addEdge(third, first, 0.25);
        Graph g = b.build();

        Graph back = roundTrip(g, "duplicate states");

        assertThat(back.vertexCount()).isEqualTo(5);
        assertThat(back.isAbsorbing(absorbing)).isTrue();
        assertThat(back.state(absorbing)).containsExactly(0, 0);
        assertThat(Moments.of(back).moments(3)).isEqualTo(Moments.of(g).moments(3));
    }

    @Test
    void modelsRoundTripThroughFiles(@TempDir Path dir) {
        Graph[] graphs = {Rabbits.graph(5, 2, 4), Rabbits.parameterized(4), Coalescent.blockCounting(6),
            Coalescent.lineageCountingParameterized(7)};
        for (Graph g : graphs) {
            Path file = dir.resolve("graph.json");
            GraphJson.write(g, file);
            Graph back = GraphJson.read(file);
            assertSameGraph(back, g, g.toString());
            assertThat(GraphHash.of(back)).isEqualTo(GraphHash.of(g));
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no temporary files left").containsExactly(dir.resolve("graph.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void negativeZeroAndExtremeWeightsReadBackBitForBit() {
        GraphBuilder b = new GraphBuilder(1);
        int a = b.addVertex(new int[] {1});
        int c = b.addVertex(new int[] {2});
        int end = b.addVertex(new int[] {3});
        b.addEdge(Graph.START, a, 0.1 + 0.2).addEdge(Graph.START, c, -0.0);
        b.addEdge(a, c, Double.MIN_VALUE).addEdge(a, end, 1e308).addEdge(c, end, 1.0 / 3);
        Graph g = b.build();
        Graph back = roundTrip(g, "extreme weights");
        assertThat(Double.doubleToRawLongBits(back.edgeWeight(back.edgeStart(Graph.START) + 1)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    private static Graph roundTrip(Graph g, String what) {
        String json = GraphJson.toJson(g);
        Graph back = GraphJson.parse(json);
        assertSameGraph(back, g, what);
        assertThat(GraphHash.of(back)).as(what + ": hash").isEqualTo(GraphHash.of(g));
        assertThat(GraphJson.toJson(back)).as(what + ": document written again").isEqualTo(json);
        return back;
    }
}
