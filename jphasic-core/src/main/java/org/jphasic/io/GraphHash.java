package org.jphasic.io;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jphasic.graph.Graph;

/**
 * The canonical content hash of a graph: SHA-256 over a fixed little-endian encoding of everything that moments,
 * distributions and traces depend on, rendered as a versioned {@link GraphKey}.
 *
 * <p><b>Included:</b> the vertex count, the parameter count, the discrete flag, and for every vertex in index
 * order its out-edges sorted by target: target index, kind (constant or parameterized) and the weight or the
 * coefficient vector, bit for bit. The start vertex's edges are the initial probabilities, so they are included.
 * <b>Excluded:</b> θ (a parameterized edge contributes its coefficients, never a weight), the state labels and
 * the state length (no result depends on them; vertices are identified by index), and the order in which edges
 * were added to a vertex. The key therefore depends on vertex numbering: the same model built with vertices in
 * another order has another key.
 *
 * <p>Encoding, version 2: a hash of chunk hashes, so that the chunks of a large graph are hashed in parallel and
 * the key is the same on any number of threads. All integers little-endian, see {@link HashEncoder} for doubles
 * and strings:
 * <pre>
 * chunk c covers vertices [c·{@value #CHUNK_VERTICES}, min((c+1)·{@value #CHUNK_VERTICES}, vertexCount)); its digest is
 * SHA-256 of
 *     string "jphasic.graph.v2.chunk"
 *     for each vertex v of the chunk:
 *         int32 outDegree(v)
 *         for each out-edge of v, by increasing target:
 *             int32 target
 *             u8    0 (constant), then f64 weight
 *               or  1 (parameterized), then f64 × parameterCount coefficients
 * the key is SHA-256 of
 *     string "jphasic.graph.v2"
 *     int32  vertexCount
 *     int32  parameterCount
 *     u8     discrete (0 or 1)
 *     int32  chunkCount = ceil(vertexCount / {@value #CHUNK_VERTICES})
 *     the 32-byte digest of every chunk, in order
 * </pre>
 * The key is {@code "v2-"} followed by the lowercase hex digest. The same encoding is written out in
 * {@code docs/FORMATS.md}. Cost: O(|V| + |E|·(1 + parameterCount)) bytes hashed, spread over the common
 * fork-join pool for graphs of several chunks, plus sorting each vertex's out-edges.
 *
 * <pre>{@code
 * GraphKey key = GraphHash.of(graph);                     // e.g. v2-9c1e...
 * boolean same = key.equals(GraphHash.of(GraphJson.read(file)));
 * }</pre>
 */
public final class GraphHash {
    /** The encoding version, part of every key. */
    public static final int VERSION = 2;

    /** Vertices per chunk of the encoding. */
    public static final int CHUNK_VERTICES = 2048;

    /** The domain string that starts the encoding. */
    static final String DOMAIN = "jphasic.graph.v" + VERSION;

    /** The domain string that starts every chunk's encoding. */
    static final String CHUNK_DOMAIN = DOMAIN + ".chunk";

    private GraphHash() {
    }

    /**
     * Hashes a graph.
     *
     * @param graph the graph. Not modified.
     * @return its content key
     */
    public static GraphKey of(Graph graph) {
        int chunks = (graph.vertexCount() + CHUNK_VERTICES - 1) / CHUNK_VERTICES;
        byte[][] digests = new byte[chunks][];
        int maxDegree = maxOutDegree(graph);
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> digests[c] = chunkDigest(graph, c, maxDegree));
        HashEncoder encoder = HashEncoder.sha256(DOMAIN);
        encoder.putInt(graph.vertexCount()).putInt(graph.parameterCount()).putBoolean(graph.isDiscrete())
                .putInt(chunks);
        for (byte[] d : digests) {
            encoder.putBytes(d);
        }
        return new GraphKey("v" + VERSION + "-" + encoder.hexDigest());
    }

    private static byte[] chunkDigest(Graph graph, int chunk, int maxDegree) {
        HashEncoder encoder = HashEncoder.sha256(CHUNK_DOMAIN);
        long[] byTarget = new long[maxDegree];
        int end = Math.min(graph.vertexCount(), (chunk + 1) * CHUNK_VERTICES);
        for (int v = chunk * CHUNK_VERTICES; v < end; v++) {
            int degree = graph.outDegree(v);
            encoder.putInt(degree);
            boolean sorted = true;
            for (int i = 0; i < degree; i++) {
                int edge = graph.edgeStart(v) + i;
                byTarget[i] = ((long) graph.edgeTarget(edge) << 32) | edge;
                sorted &= i == 0 || byTarget[i] > byTarget[i - 1];
            }
            if (!sorted) {
                Arrays.sort(byTarget, 0, degree);
            }
            for (int i = 0; i < degree; i++) {
                int edge = (int) byTarget[i];
                encoder.putInt(graph.edgeTarget(edge));
                putEdgeWeight(encoder, graph, edge);
            }
        }
        return encoder.digest();
    }

    /**
     * Appends what an edge's weight contributes to a hash: one byte 0 and the constant weight, or one byte 1 and
     * the {@code parameterCount} coefficients. Shared with the hashing of work units, so that an edge means the
     * same bytes in every key.
     *
     * @param encoder receives the bytes. Modified.
     * @param graph   the graph. Not modified.
     * @param edge    an edge index of {@code graph}
     */
    public static void putEdgeWeight(HashEncoder encoder, Graph graph, int edge) {
        if (graph.isEdgeParameterized(edge)) {
            encoder.putBoolean(true); // kind 1: parameterized
            for (int k = 0; k < graph.parameterCount(); k++) {
                encoder.putDouble(graph.coefficient(edge, k));
            }
        } else {
            encoder.putBoolean(false); // kind 0: constant
            encoder.putDouble(graph.edgeWeight(edge));
        }
    }

    private static int maxOutDegree(Graph graph) {
        int max = 0;
        for (int v = 0; v < graph.vertexCount(); v++) {
            max = Math.max(max, graph.outDegree(v));
        }
        return max;
    }
}
