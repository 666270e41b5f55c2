package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.testing.FreshThreads;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Edge;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical graph hash: equal graphs give equal keys, any change of what results depend on gives another
 * key, and what they do not depend on (θ, states, edge insertion order) does not enter.
 */
class GraphHashTest {
    static LongStream seeds() {
        return LongStream.range(1, 31);
    }

    /** Expected keys computed by an independent implementation of the encoding in docs/FORMATS.md (Python). */
    @Test
    void tinyGraphsHaveTheDocumentedKeys() {
        assertThat(GraphHash.of(exponential(2.0, false)).value())
                .isEqualTo("v3-affdc4ede52d331ff6a23247e0f9e65eef392e7d02a6df97fa29f41cb327dbf0");
        assertThat(GraphHash.of(exponential(0.5, true)).value())
                .isEqualTo("v3-70e19199e88a759119573732932fe8a77cf8a04f15fe4150ee1140c91fb87ae7");

        GraphBuilder b = new GraphBuilder(1, 2);
        int a = b.addVertex(new int[] {1});
        int p = b.addVertex(new int[] {2});
        int c = b.addVertex(new int[] {3});
        b.addEdge(Graph.START, a, 0.75);
        b.addEdge(a, c, 0.5); // added before the edge to the smaller target: the key sorts by target
        b.addParameterizedEdge(a, p, 1.5, -0.0);
        assertThat(GraphHash.of(b.build()).value())
                .isEqualTo("v3-89ebd384aa66acbd285de02cf22f48ad834349585e7af791e906b97e604c27d8");
    }

    /**
     * A graph of three chunks (5,000 vertices), hashed in parallel, against the same independent implementation:
     * a chain start → 1 → .. → 4999 with coefficients (v mod 3, 0.5), and from every seventh vertex a constant exit
     * of 0.25 to the last vertex.
     */
    @Test
    void aGraphOfSeveralChunksHasTheDocumentedKey() {
        int n = 5000;
        GraphBuilder b = new GraphBuilder(1, 2);
        for (int v = 1; v < n; v++) {
            b.addVertex(new int[] {v});
        }
        b.addEdge(Graph.START, 1, 1.0);
        for (int v = 1; v < n - 1; v++) {
            b.addParameterizedEdge(v, v + 1, v % 3, 0.5);
            if (v % 7 == 0 && v + 1 != n - 1) {
                b.addEdge(v, n - 1, 0.25);
            }
        }
        Graph g = b.build();
        assertThat(g.vertexCount()).isGreaterThan(2 * GraphHash.CHUNK_VERTICES);
        assertThat(GraphHash.of(g).value())
                .isEqualTo("v3-3cb6bf2dccaa01506b23c4d0746652e6e870ddac1986b8db70142817cf0df143");
    }

    /**
     * A vertex with more out-edges than are sorted in place, added by decreasing target, against the same
     * independent implementation: start → 1, and from 1 an edge to every t in 41 .. 2 — constant t/8 for even t,
     * parameterized with coefficients (t mod 3 = 0 ? 0 : t, 0.25) for odd t, so that some coefficients are zero.
     */
    @Test
    void aVertexOfManyEdgesHasTheDocumentedKey() {
        GraphBuilder b = new GraphBuilder(1, 2);
        for (int v = 1; v < 42; v++) {
            b.addVertex(new int[] {v});
        }
        b.addEdge(Graph.START, 1, 1.0);
        for (int t = 41; t >= 2; t--) {
            if (t % 2 == 0) {
                b.addEdge(1, t, t * 0.125);
            } else {
                b.addParameterizedEdge(1, t, t % 3 == 0 ? 0.0 : t, 0.25);
            }
        }
        assertThat(GraphHash.of(b.build()).value())
                .isEqualTo("v3-d275b8df659e9d6aa719d3e74599b78898aa998e2d7bef606dc3401c04cb2a9e");
    }

    /**
     * A chunk whose encoding is larger than the scratch array it is written through (about 110 KB), against the
     * same independent implementation: start → 1, and from 1 an edge to every t in 2999 .. 2 — constant 0.5 when
     * 11 divides t, else parameterized with coefficients (t mod 5 = 0 ? 0 : t/2, (t mod 3)/4, 1).
     */
    @Test
    void aChunkLargerThanTheScratchArrayHasTheDocumentedKey() {
        int n = 3000;
        GraphBuilder b = new GraphBuilder(1, 3);
        for (int v = 1; v < n; v++) {
            b.addVertex(new int[] {v});
        }
        b.addEdge(Graph.START, 1, 1.0);
        for (int t = n - 1; t >= 2; t--) {
            if (t % 11 == 0) {
                b.addEdge(1, t, 0.5);
            } else {
                b.addParameterizedEdge(1, t, t % 5 == 0 ? 0.0 : t * 0.5, (t % 3) * 0.25, 1.0);
            }
        }
        assertThat(GraphHash.of(b.build()).value())
                .isEqualTo("v3-0d2e8fae42dd5a8c698a5b23347848b997fcda7fa2b86721202a93f9d1f42d7c");
    }

    /**
     * Zero coefficients are left out of the encoding, so what must still tell graphs apart is where the
     * non-zero ones sit: on which edge and for which parameter.
     */
    @Test
    void theParameterOfANonZeroCoefficientEntersTheKey() {
        GraphKey first = GraphHash.of(twoParameterizedExits(new double[] {1.0, 0.0}, new double[] {0.0, 2.0}));
        assertThat(GraphHash.of(twoParameterizedExits(new double[] {0.0, 1.0}, new double[] {0.0, 2.0})))
                .as("the first edge's coefficient on the other parameter").isNotEqualTo(first);
        assertThat(GraphHash.of(twoParameterizedExits(new double[] {0.0, 2.0}, new double[] {1.0, 0.0})))
                .as("the two edges' coefficients swapped").isNotEqualTo(first);
        assertThat(GraphHash.of(twoParameterizedExits(new double[] {1.0, 0.0}, new double[] {0.0, 2.0})))
                .isEqualTo(first);
        assertThat(GraphHash.of(twoParameterizedExits(new double[] {1.0, -0.0}, new double[] {-0.0, 2.0})))
                .as("signed zeroes are zeroes").isEqualTo(first);
        assertThat(GraphHash.of(twoParameterizedExits(new double[] {1.0, 0.0}, new double[] {Double.MIN_VALUE, 2.0})))
                .as("a zero becoming the smallest positive double").isNotEqualTo(first);
    }

    /** Hub vertices with many edges: the key does not depend on the order they were added in. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void insertionOrderDoesNotEnterForVerticesOfManyEdges(long seed) {
        Random rng = new Random(seed);
        int hubs = 3;
        int leaves = 60;
        List<Edge> edges = new ArrayList<>();
        for (int h = 1; h <= hubs; h++) {
            edges.add(new Edge(0, h, 1.0 / hubs, null));
            for (int t = hubs + 1; t <= hubs + leaves; t++) {
                if (rng.nextInt(3) == 0) {
                    edges.add(new Edge(h, t, 0.5 + rng.nextInt(8), null));
                } else if (rng.nextBoolean()) {
                    double[] c = {rng.nextInt(3), rng.nextInt(2), 0.0};
                    c[rng.nextInt(3)] += 1.0;
                    edges.add(new Edge(h, t, Double.NaN, c));
                }
            }
        }
        List<Edge> shuffled = new ArrayList<>(edges);
        Collections.shuffle(shuffled, rng);
        GraphKey key = GraphHash.of(graphOf(hubs + leaves + 1, 3, edges, 0));
        assertThat(GraphHash.of(graphOf(hubs + leaves + 1, 3, shuffled, 0))).isEqualTo(key);
        List<Edge> changed = new ArrayList<>(shuffled);
        int i = rng.nextInt(changed.size());
        Edge e = changed.get(i);
        changed.set(i, e.coefficients() == null ? new Edge(e.from(), e.to(), Math.nextUp(e.weight()), null)
                : new Edge(e.from(), e.to(), e.weight(), new double[] {e.coefficients()[2] + 1.0,
                    e.coefficients()[0], e.coefficients()[1]}));
        assertThat(GraphHash.of(graphOf(hubs + leaves + 1, 3, changed, 0))).isNotEqualTo(key);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void equalGraphsHaveEqualKeysAlsoAcrossJson(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(30, 2));
        GraphKey key = GraphHash.of(spec.build());
        assertThat(GraphHash.of(spec.build())).isEqualTo(key);
        assertThat(GraphHash.of(GraphJson.parse(GraphJson.toJson(spec.build())))).isEqualTo(key);
        assertThat(key.version()).isEqualTo(GraphHash.VERSION);
        assertThat(key.hex()).matches("[0-9a-f]{64}");
        assertThat(GraphKey.parse(key.value())).isEqualTo(key);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void changingOneWeightCoefficientOrInitialProbabilityChangesTheKey(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(30, 2));
        GraphKey key = GraphHash.of(spec.build());
        SplittableRandom rng = new SplittableRandom(seed);
        List<Edge> edges = spec.edges;

        int initial = indexOf(edges, e -> e.from() == 0, rng);
        assertThat(GraphHash.of(build(spec, withEdge(edges, initial,
                e -> new Edge(0, e.to(), Math.nextDown(e.weight()), null)), false)))
                .as("one initial probability one ulp smaller").isNotEqualTo(key);

        int constant = indexOf(edges, e -> e.from() != 0 && e.coefficients() == null, rng);
        if (constant >= 0) {
            assertThat(GraphHash.of(build(spec, withEdge(edges, constant,
                    e -> new Edge(e.from(), e.to(), Math.nextUp(e.weight()), null)), false)))
                    .as("one constant weight one ulp larger").isNotEqualTo(key);
        }
        int parameterized = indexOf(edges, e -> e.coefficients() != null, rng);
        if (parameterized >= 0) {
            int k = rng.nextInt(spec.parameterCount);
            assertThat(GraphHash.of(build(spec, withEdge(edges, parameterized, e -> {
                double[] c = e.coefficients().clone();
                c[k] = Math.nextUp(c[k]);
                return new Edge(e.from(), e.to(), e.weight(), c);
            }), false))).as("one coefficient one ulp larger").isNotEqualTo(key);
        }
    }

    @Test
    void changingOneEdgeTargetOrTheDiscreteFlagChangesTheKey() {
        assertThat(GraphHash.of(exponential(0.5, true))).isNotEqualTo(GraphHash.of(exponential(0.5, false)));
        assertThat(GraphHash.of(fork(2))).isNotEqualTo(GraphHash.of(fork(3)));
        assertThat(GraphHash.of(fork(2))).isEqualTo(GraphHash.of(fork(2)));
    }

    @Test
    void theParameterCountEntersTheKey() {
        GraphBuilder constant = new GraphBuilder(1);
        GraphBuilder withParameters = new GraphBuilder(1, 2);
        for (GraphBuilder b : List.of(constant, withParameters)) {
            int a = b.addVertex(new int[] {1});
            int end = b.addVertex(new int[] {0});
            b.addEdge(Graph.START, a, 1.0).addEdge(a, end, 2.0);
        }
        assertThat(GraphHash.of(constant.build())).isNotEqualTo(GraphHash.of(withParameters.build()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void thetaDoesNotEnterButTheWeightsItGivesDo(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(30, 3));
        Graph g = spec.build();
        GraphKey key = GraphHash.of(g);
        SplittableRandom rng = new SplittableRandom(seed);
        Graph first = g.at(spec.randomTheta(rng));
        Graph second = g.at(spec.randomTheta(rng));
        assertThat(GraphHash.of(g)).isEqualTo(key);
        assertThat(GraphHash.of(first)).isNotEqualTo(GraphHash.of(second)).isNotEqualTo(key);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void edgeInsertionOrderAndStatesDoNotEnter(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.parameterized(30, 2));
        GraphKey key = GraphHash.of(spec.build());
        List<Edge> shuffled = new ArrayList<>(spec.edges);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(GraphHash.of(build(spec, shuffled, false))).isEqualTo(key);
        assertThat(GraphHash.of(build(spec, spec.edges, true))).as("other state labels").isEqualTo(key);
    }

    /**
     * A thread keeps its encoding arrays from one chunk to the next: graphs of every size and kind, hashed one
     * after another on one thread, large ones before small ones, must give the keys they give on fresh threads.
     */
    @Test
    void keysDoNotDependOnWhatTheThreadHashedBefore() throws Exception {
        List<Graph> graphs = new ArrayList<>();
        for (long seed = 0; seed < 12; seed++) {
            // every third graph of several chunks, the others of one small chunk
            int min = seed % 3 == 0 ? 4_500 : 2;
            int max = seed % 3 == 0 ? 5_000 : 20 + (int) seed * 7;
            int parameters = seed % 2 == 0 ? 1 + (int) seed % 4 : 0;
            graphs.add(RandomGraphs.random(seed, new Options(min, max, parameters, false, true, 0.8)).build());
        }
        graphs.add(exponential(2.0, false));
        List<GraphKey> fresh = FreshThreads.map(graphs, GraphHash::of);
        for (int round = 0; round < 2; round++) {
            for (int i = graphs.size() - 1; i >= 0; i--) {
                assertThat(GraphHash.of(graphs.get(i))).as("graph %d", i).isEqualTo(fresh.get(i));
            }
        }
    }

    @Test
    void signedZeroesHashEqually() {
        assertThat(GraphHash.of(withSecondInitialProbability(-0.0)))
                .isEqualTo(GraphHash.of(withSecondInitialProbability(0.0)));
    }

    @Test
    void encoderWritesTheDocumentedLittleEndianBytes() throws Exception {
        ByteBuffer expected = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        byte[] domain = "d".getBytes(StandardCharsets.UTF_8);
        expected.putInt(domain.length).put(domain).putInt(-2).putLong(1L << 40).put((byte) 1)
                .putLong(Double.doubleToRawLongBits(0.0)).putLong(0x7ff8000000000000L)
                .putLong(Double.doubleToRawLongBits(-1.5));
        byte[] bytes = new byte[expected.position()];
        expected.flip().get(bytes);
        String hex = HashEncoder.toHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        HashEncoder encoder = HashEncoder.sha256("d").putInt(-2).putLong(1L << 40).putBoolean(true)
                .putDouble(-0.0).putDouble(Double.longBitsToDouble(0x7ff0000000000123L)).putDouble(-1.5);
        assertThat(encoder.hexDigest()).isEqualTo(hex);
        assertThatThrownBy(() -> encoder.putInt(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void encoderHandlesInputsLargerThanItsBuffer() throws Exception {
        String text = "x".repeat(20_000);
        double[] values = new double[5_000];
        ByteBuffer expected = ByteBuffer.allocate(8 + 2 * 20_004 + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(1).put((byte) 'd').putInt(20_000).put(text.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25;
            expected.putLong(Double.doubleToRawLongBits(values[i]));
        }
        byte[] bytes = new byte[expected.position()];
        expected.flip().get(bytes);
        assertThat(HashEncoder.sha256("d").putString(text).putDoubles(values, 0, values.length).hexDigest())
                .isEqualTo(HashEncoder.toHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    /** Raw bytes go in as they are, with no length prefix, also across the encoder's buffer boundary. */
    @Test
    void rawBytesAreHashedWithoutAPrefix() throws Exception {
        byte[] raw = new byte[20_001];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 31);
        }
        ByteBuffer expected = ByteBuffer.allocate(5 + 4 + raw.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(1).put((byte) 'd').putInt(7).put(raw);
        assertThat(HashEncoder.sha256("d").putInt(7).putBytes(raw).hexDigest())
                .isEqualTo(HashEncoder.toHex(MessageDigest.getInstance("SHA-256").digest(expected.array())));
    }

    @Test
    void malformedKeysAreRejected() {
        for (String bad : new String[] {"", "v1-abc", "1-" + "a".repeat(64), "v1-" + "A".repeat(64),
            "v0-" + "a".repeat(64), "v1-" + "a".repeat(65)}) {
            assertThatThrownBy(() -> GraphKey.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("v<version>-<64 lowercase hex");
        }
    }

    /** start → 1 → {2, 3}, both exits of 1 parameterized with the given coefficients. */
    private static Graph twoParameterizedExits(double[] toTwo, double[] toThree) {
        GraphBuilder b = new GraphBuilder(1, 2);
        for (int v = 1; v <= 3; v++) {
            b.addVertex(new int[] {v});
        }
        b.addEdge(Graph.START, 1, 1.0);
        b.addParameterizedEdge(1, 2, toTwo);
        b.addParameterizedEdge(1, 3, toThree);
        return b.build();
    }

    /** Vertices 1 .. n−1 labelled [index + labelOffset], and the edges in the order given. */
    private static Graph graphOf(int n, int parameters, List<Edge> edges, int labelOffset) {
        GraphBuilder b = new GraphBuilder(1, parameters);
        for (int v = 1; v < n; v++) {
            b.addVertex(new int[] {v + labelOffset});
        }
        for (Edge e : edges) {
            if (e.coefficients() == null) {
                b.addEdge(e.from(), e.to(), e.weight());
            } else {
                b.addParameterizedEdge(e.from(), e.to(), e.coefficients());
            }
        }
        return b.build();
    }

    private static Graph exponential(double rate, boolean discrete) {
        GraphBuilder b = new GraphBuilder(1);
        if (discrete) {
            b.discrete();
        }
        int a = b.addVertex(new int[] {1});
        int end = b.addVertex(new int[] {0});
        return b.addEdge(Graph.START, a, 1.0).addEdge(a, end, rate).build();
    }

    /** start → 1; 1 → target (2 or 3) at rate 1; 2 and 3 absorbing. */
    private static Graph fork(int target) {
        GraphBuilder b = new GraphBuilder(1);
        int a = b.addVertex(new int[] {1});
        b.addVertex(new int[] {2});
        b.addVertex(new int[] {3});
        return b.addEdge(Graph.START, a, 1.0).addEdge(a, target, 1.0).build();
    }

    private static Graph withSecondInitialProbability(double p) {
        GraphBuilder b = new GraphBuilder(1);
        int a = b.addVertex(new int[] {1});
        int end = b.addVertex(new int[] {0});
        return b.addEdge(Graph.START, a, 1.0).addEdge(Graph.START, end, p).addEdge(a, end, 1.0).build();
    }

    private static int indexOf(List<Edge> edges, java.util.function.Predicate<Edge> which, SplittableRandom rng) {
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            if (which.test(edges.get(i))) {
                matches.add(i);
            }
        }
        return matches.isEmpty() ? -1 : matches.get(rng.nextInt(matches.size()));
    }

    private static List<Edge> withEdge(List<Edge> edges, int index, UnaryOperator<Edge> change) {
        List<Edge> copy = new ArrayList<>(edges);
        copy.set(index, change.apply(copy.get(index)));
        return copy;
    }

    /** Builds a spec's graph from the given edges, vertices in id order; states [id] or, relabelled, [id + 100]. */
    private static Graph build(Spec spec, List<Edge> edges, boolean relabel) {
        return graphOf(spec.idCount(), spec.parameterCount, edges, relabel ? 100 : 0);
    }
}
