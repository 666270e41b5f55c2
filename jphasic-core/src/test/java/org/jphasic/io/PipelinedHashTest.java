package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipelined hash (encoding on the calling thread, SHA-256 on a helper thread) gives the single-thread key bit
 * for bit wherever the blocks are cut, and a failure on either thread surfaces as an exception and ends the helper.
 */
class PipelinedHashTest {
    private static final Duration NO_HANG = Duration.ofSeconds(30);

    /** Seed, vertex count, parameter count: from two vertices to graphs whose encoding crosses the 1 MB threshold. */
    static Stream<Arguments> graphs() {
        return Stream.of(Arguments.of(1L, 2, 0), Arguments.of(2L, 3, 2), Arguments.of(3L, 40, 1),
                Arguments.of(4L, 300, 3), Arguments.of(5L, 2_000, 0), Arguments.of(6L, 5_000, 4),
                Arguments.of(7L, 40_000, 3), Arguments.of(8L, 90_000, 0));
    }

    @ParameterizedTest(name = "seed {0}, {1} vertices, {2} parameters")
    @MethodSource("graphs")
    void pipelinedKeyEqualsSingleThreadKeyForEveryBlockSize(long seed, int vertices, int parameters) {
        Graph graph = randomGraph(seed, vertices, parameters);
        GraphKey expected = GraphHash.singleThreaded(graph);
        // blocks of a few bytes cost a hand-over each: only for the smaller graphs
        int[] blockSizes = GraphHash.estimatedEncodingBytes(graph) < 200_000
                ? new int[] {16, 17, 1000, 8192, HashEncoder.PIPELINE_BLOCK_BYTES}
                : new int[] {1000, 8191, HashEncoder.PIPELINE_BLOCK_BYTES};
        for (int blockBytes : blockSizes) {
            GraphKey pipelined = assertTimeoutPreemptively(NO_HANG,
                    () -> GraphHash.hash(graph, HashEncoder.pipelined(sha256(), GraphHash.DOMAIN, blockBytes)));
            assertThat(pipelined).as("seed %d, blocks of %d bytes", seed, blockBytes).isEqualTo(expected);
        }
        assertThat(GraphHash.of(graph)).as("seed %d", seed).isEqualTo(expected);
    }

    @Test
    void theLargestRandomGraphsCrossThePipelineThreshold() {
        assertThat(GraphHash.estimatedEncodingBytes(randomGraph(7, 40_000, 3)))
                .isGreaterThan(GraphHash.PIPELINE_MIN_BYTES);
        assertThat(GraphHash.estimatedEncodingBytes(randomGraph(8, 90_000, 0)))
                .isGreaterThan(GraphHash.PIPELINE_MIN_BYTES);
        assertThat(GraphHash.estimatedEncodingBytes(randomGraph(4, 300, 3))).isLessThan(GraphHash.PIPELINE_MIN_BYTES);
    }

    /** The documented keys of {@code GraphHashTest}, through the pipeline with blocks smaller than the encoding. */
    @Test
    void pipelinedHashGivesTheDocumentedKeys() throws Exception {
        GraphBuilder b = new GraphBuilder(1, 2);
        int a = b.addVertex(new int[] {1});
        int p = b.addVertex(new int[] {2});
        int c = b.addVertex(new int[] {3});
        b.addEdge(Graph.START, a, 0.75);
        b.addEdge(a, c, 0.5);
        b.addParameterizedEdge(a, p, 1.5, -0.0);
        Graph graph = b.build();
        for (int blockBytes : new int[] {16, 24, 1 << 16}) {
            assertThat(GraphHash.hash(graph, HashEncoder.pipelined(sha256(), GraphHash.DOMAIN, blockBytes)).value())
                    .isEqualTo("v1-b9f66e8fe29e797bcf8392643103a0d48fdcfb1d5685b019a01472e670b1307b");
        }
    }

    /** Encodings that end one byte before, exactly at and one byte after a block boundary. */
    @ParameterizedTest(name = "blocks of {0} bytes")
    @ValueSource(ints = {16, 64, 4096})
    void lastBlockFullPartialOrJustStartedGivesTheSameDigest(int blockBytes) throws Exception {
        int domainBytes = Integer.BYTES + 1; // "d"
        for (int blocks = 1; blocks <= 3; blocks++) {
            for (int extra = -1; extra <= 1; extra++) {
                int total = blocks * blockBytes + extra;
                byte[] bytes = new byte[total];
                bytes[0] = 1;
                bytes[4] = 'd';
                HashEncoder pipelined = HashEncoder.pipelined(sha256(), "d", blockBytes);
                for (int i = domainBytes; i < total; i++) {
                    bytes[i] = (byte) (i % 2);
                    pipelined.putBoolean(i % 2 == 1);
                }
                assertThat(pipelined.hexDigest()).as("%d bytes", total)
                        .isEqualTo(HashEncoder.toHex(sha256().digest(bytes)));
            }
        }
    }

    @Test
    void anEmptyLastBlockAddsNothing() throws Exception {
        byte[] bytes = new byte[48];
        new SplittableRandom(11).nextBytes(bytes);
        DigestPipeline pipeline = new DigestPipeline(sha256(), 16);
        pipeline.append(bytes, 0, 20);
        pipeline.append(bytes, 20, 28); // ends exactly at the end of the third block
        assertThat(pipeline.finish()).isEqualTo(sha256().digest(bytes));
        pipeline.digestThread().join(NO_HANG.toMillis());
        assertThat(pipeline.digestThread().isAlive()).isFalse();
    }

    /**
     * The failing block may be digested by the helper (the exception arrives wrapped, as the cause) or by the
     * encoding thread when it helps (the exception itself): either way it surfaces, and the helper ends.
     */
    @Test
    void aFailingDigestSurfacesOnTheEncodingThreadAndEndsTheHelper() throws Exception {
        ProbeDigest digest = new ProbeDigest(1_000, () -> new ArithmeticException("injected"));
        Graph graph = randomGraph(21, 5_000, 2);
        HashEncoder encoder = HashEncoder.pipelined(digest, GraphHash.DOMAIN, 64);
        Throwable thrown = assertTimeoutPreemptively(NO_HANG,
                () -> catchThrowable(() -> GraphHash.hash(graph, encoder)));
        assertThat(rootCause(thrown)).isInstanceOf(ArithmeticException.class).hasMessage("injected");
        assertHelperEnded(encoder);
    }

    @Test
    void anErrorWhileDigestingIsRethrownAsItself() throws Exception {
        ProbeDigest digest = new ProbeDigest(0, () -> new InternalError("injected"));
        HashEncoder encoder = HashEncoder.pipelined(digest, GraphHash.DOMAIN, 16);
        assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(
                () -> GraphHash.hash(randomGraph(22, 300, 1), encoder))
                .isInstanceOf(InternalError.class).hasMessage("injected"));
        assertHelperEnded(encoder);
    }

    @Test
    void aDigestFailingAtTheEndSurfacesFromDigest() throws Exception {
        ProbeDigest digest = new ProbeDigest(Long.MAX_VALUE, () -> new ArithmeticException("injected"));
        digest.failOnDigest = true;
        HashEncoder encoder = HashEncoder.pipelined(digest, "d", 16).putLong(1).putLong(2).putLong(3);
        Throwable thrown = assertTimeoutPreemptively(NO_HANG, () -> catchThrowable(encoder::digest));
        assertThat(rootCause(thrown)).isInstanceOf(ArithmeticException.class);
        assertHelperEnded(encoder);
    }

    @Test
    void aFailureWhileEncodingAbandonsTheDigestThread() throws Exception {
        HashEncoder encoder = HashEncoder.pipelined(sha256(), "d", 16);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                encoder.putLong(i);
            }
            throw new IllegalArgumentException("the caller's encoding failed");
        }).isInstanceOf(IllegalArgumentException.class);
        encoder.abandon();
        assertHelperEnded(encoder);
        assertThatThrownBy(() -> encoder.putInt(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDigestThreadEndsAfterASuccessfulHash() throws Exception {
        Graph graph = randomGraph(23, 2_000, 1);
        HashEncoder encoder = HashEncoder.pipelined(sha256(), GraphHash.DOMAIN, 256);
        assertThat(GraphHash.hash(graph, encoder)).isEqualTo(GraphHash.singleThreaded(graph));
        assertHelperEnded(encoder);
    }

    private static void assertHelperEnded(HashEncoder encoder) throws InterruptedException {
        Thread helper = encoder.digestThread();
        assertThat(helper).isNotNull().isNotSameAs(Thread.currentThread());
        helper.join(NO_HANG.toMillis());
        assertThat(helper.isAlive()).as("helper thread %s still alive", helper.getName()).isFalse();
    }

    private static Throwable rootCause(Throwable thrown) {
        assertThat(thrown).as("an exception").isNotNull();
        Throwable t = thrown;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * A seeded random graph: a chain 1 → 2 → … → absorbing so that every vertex reaches absorption, up to three more
     * edges per vertex to random targets (backwards ones make cycles), added in random order so that the hash has to
     * sort them; about half the edges parameterized when there are parameters.
     */
    static Graph randomGraph(long seed, int vertexCount, int parameterCount) {
        SplittableRandom rng = new SplittableRandom(seed);
        GraphBuilder b = new GraphBuilder(1, parameterCount);
        for (int v = 1; v < vertexCount; v++) {
            b.addVertex(new int[] {v});
        }
        int absorbing = vertexCount - 1;
        b.addEdge(Graph.START, 1, 0.5 + 0.5 * rng.nextDouble());
        int[] targets = new int[4];
        for (int v = 1; v < absorbing; v++) {
            int count = 1;
            targets[0] = v + 1;
            int extra = rng.nextInt(4);
            for (int i = 0; i < extra; i++) {
                int t = 1 + rng.nextInt(vertexCount - 1);
                boolean fresh = t != v;
                for (int j = 0; j < count; j++) {
                    fresh &= targets[j] != t;
                }
                if (fresh) {
                    targets[count++] = t;
                }
            }
            for (int i = count - 1; i > 0; i--) { // shuffle: insertion order must not matter
                int j = rng.nextInt(i + 1);
                int swap = targets[i];
                targets[i] = targets[j];
                targets[j] = swap;
            }
            for (int i = 0; i < count; i++) {
                if (parameterCount > 0 && rng.nextBoolean()) {
                    double[] coefficients = new double[parameterCount];
                    for (int k = 0; k < parameterCount; k++) {
                        coefficients[k] = 0.1 + rng.nextDouble();
                    }
                    b.addParameterizedEdge(v, targets[i], coefficients);
                } else {
                    b.addEdge(v, targets[i], 0.1 + 3 * rng.nextDouble());
                }
            }
        }
        return b.build();
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    /** SHA-256 that can fail after a number of bytes or at the end. */
    private static final class ProbeDigest extends MessageDigest {
        private final MessageDigest sha;
        private final long failAfterBytes;
        private final Supplier<Throwable> failure;
        private long bytes;
        volatile boolean failOnDigest;

        ProbeDigest(long failAfterBytes, Supplier<Throwable> failure)
                throws NoSuchAlgorithmException {
            super("probe");
            this.sha = sha256();
            this.failAfterBytes = failAfterBytes;
            this.failure = failure;
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int length) {
            bytes += length;
            if (bytes > failAfterBytes) {
                sneakyThrow(failure.get());
            }
            sha.update(input, offset, length);
        }

        @Override
        protected byte[] engineDigest() {
            if (failOnDigest) {
                sneakyThrow(failure.get());
            }
            return sha.digest();
        }

        @Override
        protected void engineReset() {
            sha.reset();
        }

        private static void sneakyThrow(Throwable t) {
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
    }
}
