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
 * non-zero coefficients, bit for bit. The start vertex's edges are the initial probabilities, so they are
 * included. <b>Excluded:</b> θ (a parameterized edge contributes its coefficients, never a weight), the state
 * labels and the state length (no result depends on them; vertices are identified by index), and the order in
 * which edges were added to a vertex. The key therefore depends on vertex numbering: the same model built with
 * vertices in another order has another key.
 *
 * <p>Encoding, version 3: a hash of chunk hashes, so that the chunks of a large graph are hashed in parallel and
 * the key is the same on any number of threads. Within a chunk the fields are written column by column, and
 * coefficient vectors sparsely: models give most parameterized edges one non-zero coefficient, and hashing
 * fewer bytes is most of the key's cost. All integers little-endian, see {@link HashEncoder} for doubles and
 * strings:
 * <pre>
 * chunk c covers vertices [c·{@value #CHUNK_VERTICES}, min((c+1)·{@value #CHUNK_VERTICES}, vertexCount)); its m
 * out-edges are taken vertex by vertex, each vertex's by increasing target; its digest is SHA-256 of
 *     string "jphasic.graph.v3.chunk"
 *     int32 × vertices  outDegree(v), for each vertex of the chunk
 *     int32 × m         target, for each edge
 *     u8 × m            0 (constant) or 1 (parameterized), for each edge
 *     f64 × constants   the weight of each constant edge
 *     int32             z, the number of non-zero coefficients of the chunk's parameterized edges
 *     z × (int32 j·parameterCount + k, f64 coefficient k) for the j-th parameterized edge of the chunk,
 *                       increasing
 * the key is SHA-256 of
 *     string "jphasic.graph.v3"
 *     int32  vertexCount
 *     int32  parameterCount
 *     u8     discrete (0 or 1)
 *     int32  chunkCount = ceil(vertexCount / {@value #CHUNK_VERTICES})
 *     the 32-byte digest of every chunk, in order
 * </pre>
 * The key is {@code "v3-"} followed by the lowercase hex digest. The same encoding is written out in
 * {@code docs/FORMATS.md}. Cost: O(|V| + |E| + non-zero coefficients) bytes hashed, spread over the common
 * fork-join pool for graphs of several chunks, plus sorting the out-edges of any vertex whose edges were not
 * added by increasing target. Each chunk is encoded in one pass over its edges, into arrays each thread keeps
 * from one chunk to the next.
 *
 * <pre>{@code
 * GraphKey key = GraphHash.of(graph);                     // e.g. v3-9c1e...
 * boolean same = key.equals(GraphHash.of(GraphJson.read(file)));
 * }</pre>
 */
public final class GraphHash {
    /** The encoding version, part of every key. */
    public static final int VERSION = 3;

    /** Vertices per chunk of the encoding. */
    public static final int CHUNK_VERTICES = 2048;

    /** The domain string that starts the encoding. */
    static final String DOMAIN = "jphasic.graph.v" + VERSION;

    /** The domain string that starts every chunk's encoding. */
    static final String CHUNK_DOMAIN = DOMAIN + ".chunk";

    /** Bytes of one (position, value) pair of a non-zero coefficient. */
    private static final int PAIR_BYTES = Integer.BYTES + Double.BYTES;

    /** Vertices with at most this many out-edges have them sorted in place. */
    private static final int SMALL_DEGREE = 16;

    /** The largest scratch array a thread keeps between chunks. */
    private static final int KEPT_BYTES = 1 << 20;

    /** Each thread's encoding arrays ({@link Scratch}). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> digests[c] = chunkDigest(graph, c));
        HashEncoder encoder = HashEncoder.sha256(DOMAIN);
        encoder.putInt(graph.vertexCount()).putInt(graph.parameterCount()).putBoolean(graph.isDiscrete())
                .putInt(chunks);
        for (byte[] d : digests) {
            encoder.putBytes(d);
        }
        return new GraphKey("v" + VERSION + "-" + encoder.hexDigest());
    }

    private static byte[] chunkDigest(Graph graph, int chunk) {
        int from = chunk * CHUNK_VERTICES;
        int to = Math.min(graph.vertexCount(), from + CHUNK_VERTICES);
        int first = graph.edgeStart(from);
        int m = graph.edgeEnd(to - 1) - first;
        Scratch scratch = SCRATCH.get();
        int[] edges = scratch.edges.length >= m ? scratch.edges : new int[m];
        int[] targets = scratch.targets.length >= m ? scratch.targets : new int[m];
        for (int i = 0; i < m; i++) {
            edges[i] = first + i;
            targets[i] = graph.edgeTarget(first + i);
        }
        sortByTarget(graph, from, to, edges, targets);

        int parameters = graph.parameterCount();
        int constants = 0;
        for (int e = first; e < first + m; e++) {
            constants += graph.isEdgeParameterized(e) ? 0 : 1;
        }
        // the columns are written in one pass over the edges into an array of their exact size; the (position, value)
        // pairs of the non-zero coefficients go to an array of their own, so that their count, which comes before
        // them, needs no counting pass over the coefficients. Room for one pair per parameterized edge, then
        // doubling.
        int vertices = to - from;
        int columnBytes = Integer.BYTES * vertices + (Integer.BYTES + 1) * m + Double.BYTES * constants
                + Integer.BYTES;
        byte[] columns = scratch.columns.length >= columnBytes ? scratch.columns : new byte[columnBytes];
        int pairBytes = parameters == 0 ? 0 : PAIR_BYTES * (m - constants);
        byte[] pairs = scratch.pairs.length >= pairBytes ? scratch.pairs : new byte[pairBytes];
        int at = 0;
        for (int v = from; v < to; v++, at += Integer.BYTES) {
            HashEncoder.writeInt(columns, at, graph.outDegree(v));
        }
        int kindAt = at + Integer.BYTES * m;
        int weightAt = kindAt + m;
        int paired = 0;
        int position = 0;
        for (int i = 0; i < m; i++, at += Integer.BYTES) {
            int e = edges[i];
            HashEncoder.writeInt(columns, at, targets[i]);
            if (!graph.isEdgeParameterized(e)) {
                columns[kindAt++] = 0;
                HashEncoder.writeDouble(columns, weightAt, graph.edgeWeight(e));
                weightAt += Double.BYTES;
                continue;
            }
            columns[kindAt++] = 1;
            for (int k = 0; k < parameters; k++, position++) {
                double c = graph.coefficient(e, k);
                if (c != 0.0) {
                    if (paired + PAIR_BYTES > pairs.length) {
                        pairs = Arrays.copyOf(pairs, Math.max(2 * pairs.length, PAIR_BYTES));
                    }
                    // non-zero values need no sign-of-zero normalisation; doubleToLongBits gives every NaN the
                    // canonical bits
                    HashEncoder.writeInt(pairs, paired, position);
                    HashEncoder.writeLong(pairs, paired + Integer.BYTES, Double.doubleToLongBits(c));
                    paired += PAIR_BYTES;
                }
            }
        }
        HashEncoder.writeInt(columns, weightAt, paired / PAIR_BYTES);
        scratch.keep(edges, targets, columns, pairs);
        return HashEncoder.sha256(CHUNK_DOMAIN).putBytes(columns, 0, columnBytes).putBytes(pairs, 0, paired).digest();
    }

    /**
     * The arrays a thread encodes chunks in, kept from one chunk to the next: a chunk's encoding (about 30 bytes per
     * edge in a parameterized model) is written into memory the processor has at hand instead of into newly
     * allocated memory, and leaves no garbage. Arrays over {@value #KEPT_BYTES} bytes are not kept.
     */
    private static final class Scratch {
        int[] edges = new int[0];
        int[] targets = new int[0];
        byte[] columns = new byte[0];
        byte[] pairs = new byte[0];

        /** Keeps the arrays a chunk used, those small enough, for the next chunk. */
        void keep(int[] usedEdges, int[] usedTargets, byte[] usedColumns, byte[] usedPairs) {
            if ((long) usedEdges.length * Integer.BYTES <= KEPT_BYTES) {
                edges = usedEdges;
                targets = usedTargets;
            }
            if (usedColumns.length <= KEPT_BYTES) {
                columns = usedColumns;
            }
            if (usedPairs.length <= KEPT_BYTES) {
                pairs = usedPairs;
            }
        }
    }

    /**
     * Sorts the out-edges of vertices [from, to), held with their targets in two parallel arrays that start at
     * the first edge of {@code from}, by increasing target within each vertex.
     */
    private static void sortByTarget(Graph graph, int from, int to, int[] edges, int[] targets) {
        int first = graph.edgeStart(from);
        long[] packed = null;
        for (int v = from; v < to; v++) {
            int start = graph.edgeStart(v) - first;
            int end = graph.edgeEnd(v) - first;
            if (end - start <= SMALL_DEGREE) {
                // models give most vertices a handful of edges: an insertion sort in place
                for (int i = start + 1; i < end; i++) {
                    int edge = edges[i];
                    int target = targets[i];
                    int j = i - 1;
                    for (; j >= start && targets[j] > target; j--) {
                        edges[j + 1] = edges[j];
                        targets[j + 1] = targets[j];
                    }
                    edges[j + 1] = edge;
                    targets[j + 1] = target;
                }
                continue;
            }
            if (packed == null || packed.length < end - start) {
                packed = new long[end - start];
            }
            for (int i = start; i < end; i++) {
                packed[i - start] = ((long) targets[i] << 32) | edges[i];
            }
            Arrays.sort(packed, 0, end - start);
            for (int i = start; i < end; i++) {
                edges[i] = (int) packed[i - start];
                targets[i] = (int) (packed[i - start] >>> 32);
            }
        }
    }
}
