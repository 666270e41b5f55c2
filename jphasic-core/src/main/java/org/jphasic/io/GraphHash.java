package org.jphasic.io;

import java.util.Arrays;
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
 * <p>Encoding, version 1 (all integers little-endian, see {@link HashEncoder} for doubles and strings):
 * <pre>
 * string "jphasic.graph.v1"           int32 byte length 16, then the ASCII bytes
 * int32  vertexCount
 * int32  parameterCount
 * u8     discrete (0 or 1)
 * for each vertex v = 0 .. vertexCount-1:
 *     int32 outDegree(v)
 *     for each out-edge of v, by increasing target:
 *         int32 target
 *         u8    0 (constant), then f64 weight
 *           or  1 (parameterized), then f64 × parameterCount coefficients
 * </pre>
 * The key is {@code "v1-"} followed by the lowercase hex digest. The same encoding is written out in
 * {@code docs/FORMATS.md}. Cost: O(|V| + |E|·(1 + parameterCount)) bytes hashed, plus sorting each vertex's
 * out-edges.
 *
 * <p>SHA-256 and the encoding cost about the same (for a 5.4 MB encoding, about 3.5 and 2.5 ms), so
 * {@link #of(Graph)} pipelines a large graph on a machine with more than one core: the encoding is produced here
 * in 64 KiB blocks while a short-lived daemon thread digests the previous ones, in order, and the time is about
 * the larger of the two instead of their sum. The key is the same either way; {@link #singleThreaded(Graph)}
 * keeps the second core free for other work.
 *
 * <pre>{@code
 * GraphKey key = GraphHash.of(graph);                     // e.g. v1-9c1e...
 * boolean same = key.equals(GraphHash.of(GraphJson.read(file)));
 * }</pre>
 */
public final class GraphHash {
    /** The encoding version, part of every key. */
    public static final int VERSION = 1;

    /** The domain string that starts the encoding. */
    static final String DOMAIN = "jphasic.graph.v" + VERSION;

    /**
     * Encodings of at least this many bytes are pipelined by {@link #of(Graph)}: starting the digest thread costs
     * about 0.1 ms, which a 1 MB encoding (about 1 ms on one thread) repays.
     */
    static final long PIPELINE_MIN_BYTES = 1L << 20;

    private GraphHash() {
    }

    /**
     * Hashes a graph, with a helper thread digesting beside the encoding when the encoding is large (about 1 MB
     * or more) and more than one core is available, on the calling thread otherwise.
     *
     * @param graph the graph. Not modified.
     * @return its content key
     */
    public static GraphKey of(Graph graph) {
        if (estimatedEncodingBytes(graph) >= PIPELINE_MIN_BYTES && Runtime.getRuntime().availableProcessors() > 1) {
            return hash(graph, HashEncoder.sha256Pipelined(DOMAIN));
        }
        return singleThreaded(graph);
    }

    /**
     * Hashes a graph on the calling thread only, for callers that keep the other cores busy meanwhile. The same
     * key as {@link #of(Graph)}.
     *
     * @param graph the graph. Not modified.
     * @return its content key
     */
    public static GraphKey singleThreaded(Graph graph) {
        return hash(graph, HashEncoder.sha256(DOMAIN));
    }

    /**
     * Hashes a graph through a given encoder, which it finishes, or abandons if the encoding fails.
     *
     * @param graph   the graph. Not modified.
     * @param encoder a fresh encoder of {@link #DOMAIN}. Modified.
     * @return the graph's content key
     */
    static GraphKey hash(Graph graph, HashEncoder encoder) {
        try {
            encode(graph, encoder);
            return new GraphKey("v" + VERSION + "-" + encoder.hexDigest());
        } catch (Throwable t) {
            encoder.abandon(); // stops a digest thread; the failure itself propagates
            throw t;
        }
    }

    /**
     * An upper bound of the encoding's size, from the counts alone: every edge is taken as parameterized when any
     * is.
     *
     * @param graph the graph. Not modified.
     * @return bytes
     */
    static long estimatedEncodingBytes(Graph graph) {
        long weightBytes = (long) Double.BYTES * (graph.isParameterized() ? Math.max(1, graph.parameterCount()) : 1);
        return Integer.BYTES + DOMAIN.length() + 2 * Integer.BYTES + 1 + (long) Integer.BYTES * graph.vertexCount()
                + graph.edgeCount() * (Integer.BYTES + 1 + weightBytes);
    }

    private static void encode(Graph graph, HashEncoder encoder) {
        encoder.putInt(graph.vertexCount()).putInt(graph.parameterCount()).putBoolean(graph.isDiscrete());
        long[] byTarget = new long[maxOutDegree(graph)];
        for (int v = 0; v < graph.vertexCount(); v++) {
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
