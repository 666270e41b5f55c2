package org.jphasic.hierarchy;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.jphasic.TraceFormatException;
import org.jphasic.exec.UnitTask;
import org.jphasic.io.HashEncoder;
import org.jphasic.scc.Components;
import org.jphasic.trace.TraceSource;

/**
 * A work unit: one strongly connected component, or a batch of consecutive small ones, with its out-edges.
 * Local vertices {@code 0 .. ownedCount-1} are the unit's own, component by component in the order the
 * graph's {@link Components} lists them (so that eliminating the unit repeats the whole graph's elimination,
 * expression for expression); local vertices {@code ownedCount ..} are its exits, the downstream vertices its
 * edges lead to. Its trace depends only on this
 * content — the edges, their constant weights or coefficient vectors, the parameter count, whether it holds
 * the start — so its key is the hash of exactly that, and the trace is relocatable: {@link #vertexMap()} and
 * {@link #edgeMap()} place it in the whole graph. Two units with equal content share a key and a trace even in
 * different graphs.
 *
 * <p>Immutable; the content arrays are never exposed.
 */
public final class WorkUnit implements TraceSource, UnitTask {
    private static final String KEY_DOMAIN = "jphasic.unit.v1";
    private static final int MAGIC = 0x4A505755; // "JPWU"

    private final int ownedCount;
    private final int exitCount;
    private final int startLocal;
    private final int parameterCount;
    private final boolean discrete;
    private final int[] offsets;
    private final int[] targets;
    private final double[] weights;
    private final boolean[] parameterized;
    private final double[] coefficients;
    private final int[] vertexMap;
    private final int[] edgeMap;
    /** The graph's components the unit was cut from, components {@link #from} .. {@link #to}-1; null if decoded. */
    private final Components graphComponents;
    private final int from;
    private final int to;
    private volatile Components components;
    private volatile String key;
    private volatile Long fingerprint;

    WorkUnit(int ownedCount, int exitCount, int startLocal, int parameterCount, boolean discrete, int[] offsets,
             int[] targets, double[] weights, boolean[] parameterized, double[] coefficients, int[] vertexMap,
             int[] edgeMap) {
        this(ownedCount, exitCount, startLocal, parameterCount, discrete, offsets, targets, weights, parameterized,
                coefficients, vertexMap, edgeMap, null, 0, 0);
    }

    /**
     * A unit cut by the planner from components {@code from .. to-1} of its graph, whose own components are then
     * taken from the graph's instead of being searched for again.
     */
    WorkUnit(int ownedCount, int exitCount, int startLocal, int parameterCount, boolean discrete, int[] offsets,
             int[] targets, double[] weights, boolean[] parameterized, double[] coefficients, int[] vertexMap,
             int[] edgeMap, Components graphComponents, int from, int to) {
        this.graphComponents = graphComponents;
        this.from = from;
        this.to = to;
        this.ownedCount = ownedCount;
        this.exitCount = exitCount;
        this.startLocal = startLocal;
        this.parameterCount = parameterCount;
        this.discrete = discrete;
        this.offsets = offsets;
        this.targets = targets;
        this.weights = weights;
        this.parameterized = parameterized;
        this.coefficients = coefficients;
        this.vertexMap = vertexMap;
        this.edgeMap = edgeMap;
    }

    /** @return the number of vertices the unit eliminates */
    public int ownedCount() {
        return ownedCount;
    }

    /** @return the number of exits */
    public int exitCount() {
        return exitCount;
    }

    /** @return a copy of local vertex → global vertex (owned first, then exits); empty for a decoded unit */
    public int[] vertexMap() {
        return vertexMap.clone();
    }

    /** @return a copy of local edge → global edge; empty for a decoded unit */
    public int[] edgeMap() {
        return edgeMap.clone();
    }

    @Override
    public int vertexCount() {
        return ownedCount + exitCount;
    }

    @Override
    public TraceSource source() {
        return this;
    }

    @Override
    public int edgeStart(int vertex) {
        return vertex < ownedCount ? offsets[vertex] : targets.length;
    }

    @Override
    public int edgeEnd(int vertex) {
        return vertex < ownedCount ? offsets[vertex + 1] : targets.length;
    }

    @Override
    public int edgeTarget(int edge) {
        return targets[edge];
    }

    @Override
    public boolean isOwned(int vertex) {
        return vertex < ownedCount;
    }

    @Override
    public int startVertex() {
        return startLocal;
    }

    @Override
    public Components components() {
        Components c = components;
        if (c == null && graphComponents != null) {
            c = graphComponents.slice(from, to, exitCount, offsets, targets);
            components = c;
        } else if (c == null) {
            int n = ownedCount + exitCount;
            int[] all = Arrays.copyOf(offsets, n + 1);
            for (int v = ownedCount + 1; v <= n; v++) {
                all[v] = targets.length;
            }
            // owned vertices are numbered in the graph's member order: by index, they are eliminated as there
            c = Components.of(n, all, targets, null).withMembersByIndex();
            components = c;
        }
        return c;
    }

    @Override
    public int edgeCount() {
        return targets.length;
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public boolean isDiscrete() {
        return discrete;
    }

    @Override
    public boolean isEdgeParameterized(int edge) {
        return parameterized[edge];
    }

    @Override
    public double edgeWeight(int edge) {
        return weights[edge];
    }

    @Override
    public double coefficient(int edge, int index) {
        return coefficients[edge * parameterCount + index];
    }

    /**
     * A 64-bit fingerprint of the content, for grouping identical units when no content key is needed (no cache):
     * units of equal content (see {@link #sameContent(WorkUnit)}) have equal fingerprints. Much cheaper than
     * {@link #key()}; not a key, since different content may share a fingerprint.
     *
     * @return the fingerprint
     */
    long fingerprint() {
        Long f = fingerprint;
        if (f == null) {
            f = computeFingerprint();
            fingerprint = f;
        }
        return f;
    }

    private long computeFingerprint() {
        long h = mix(mix(mix(mix(ownedCount, exitCount), startLocal), parameterCount), discrete ? 1 : 0);
        for (int o : offsets) {
            h = mix(h, o);
        }
        for (int t : targets) {
            h = mix(h, t);
        }
        for (int e = 0; e < targets.length; e++) {
            h = mix(h, parameterized[e] ? 1 : 0);
            h = mix(h, Double.doubleToLongBits(weights[e]));
        }
        for (double c : coefficients) {
            h = mix(h, Double.doubleToLongBits(c));
        }
        return h;
    }

    private static long mix(long h, long value) {
        return (h ^ value) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    /**
     * Whether another unit has the same content bit for bit, and so the same trace. Units equal here have equal
     * {@link #key()}s (the converse fails only for weights of {@code -0.0} against {@code 0.0}).
     *
     * @param other another unit
     * @return whether the contents are equal
     */
    boolean sameContent(WorkUnit other) {
        return ownedCount == other.ownedCount && exitCount == other.exitCount && startLocal == other.startLocal
                && parameterCount == other.parameterCount && discrete == other.discrete
                && Arrays.equals(offsets, other.offsets) && Arrays.equals(targets, other.targets)
                && Arrays.equals(parameterized, other.parameterized) && Arrays.equals(weights, other.weights)
                && Arrays.equals(coefficients, other.coefficients);
    }

    /**
     * The content key: SHA-256 over the domain {@value #KEY_DOMAIN} and the unit's compact bytes
     * ({@link #toBytes()}: counts, start position, discrete flag, edge offsets, targets, kinds, weights and
     * coefficients, little-endian, -0.0 written as 0.0).
     *
     * @return 64 lowercase hex characters
     */
    @Override
    public String key() {
        String k = key;
        if (k == null) {
            MessageDigest digest = HashEncoder.newSha256();
            digest.update(KEY_DOMAIN.getBytes(StandardCharsets.UTF_8));
            k = HexFormat.of().formatHex(digest.digest(toBytes()));
            key = k;
        }
        return k;
    }

    @Override
    public byte[] toBytes() {
        int m = targets.length;
        ByteBuffer b = ByteBuffer.allocate(4 * 7 + 4 * (ownedCount + 1) + 4 * m + m + 8 * m
                + 8 * coefficients.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(ownedCount).putInt(exitCount).putInt(startLocal).putInt(parameterCount)
                .putInt(discrete ? 1 : 0).putInt(m);
        for (int o : offsets) {
            b.putInt(o);
        }
        for (int t : targets) {
            b.putInt(t);
        }
        for (boolean p : parameterized) {
            b.put(p ? (byte) 1 : (byte) 0);
        }
        for (double w : weights) {
            b.putDouble(w == 0.0 ? 0.0 : w);
        }
        for (double c : coefficients) {
            b.putDouble(c == 0.0 ? 0.0 : c);
        }
        return b.array();
    }

    /**
     * Decodes the bytes of {@link #toBytes()}. The result has the same content and key; it carries no placement
     * (its vertex and edge maps are empty), which only the planner that made it knows.
     *
     * @param bytes the bytes. Not modified.
     * @return the unit
     * @throws TraceFormatException if the bytes are not a valid unit
     */
    public static WorkUnit fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.getInt() != MAGIC) {
                throw invalid("wrong magic number");
            }
            int owned = b.getInt();
            int exits = b.getInt();
            int start = b.getInt();
            int parameters = b.getInt();
            int discreteFlag = b.getInt();
            int m = b.getInt();
            if (owned < 0 || exits < 0 || parameters < 0 || m < 0 || start < -1 || start >= owned
                    || (discreteFlag & ~1) != 0 || (long) 4 * (owned + 1) + 13L * m > b.remaining()) {
                throw invalid("impossible counts");
            }
            int[] offsets = new int[owned + 1];
            for (int i = 0; i <= owned; i++) {
                offsets[i] = b.getInt();
                if (offsets[i] < (i == 0 ? 0 : offsets[i - 1]) || offsets[i] > m) {
                    throw invalid("edge offsets are not increasing within [0, " + m + "]");
                }
            }
            if (offsets[0] != 0 || offsets[owned] != m) {
                throw invalid("edge offsets do not cover the edges");
            }
            int[] targets = new int[m];
            for (int e = 0; e < m; e++) {
                targets[e] = b.getInt();
                if (targets[e] < 0 || targets[e] >= owned + exits) {
                    throw invalid("edge " + e + " targets vertex " + targets[e]);
                }
            }
            boolean[] parameterized = new boolean[m];
            int parameterizedCount = 0;
            for (int e = 0; e < m; e++) {
                byte flag = b.get();
                if ((flag & ~1) != 0) {
                    throw invalid("edge " + e + " has kind " + flag);
                }
                parameterized[e] = flag == 1;
                parameterizedCount += flag;
            }
            double[] weights = new double[m];
            for (int e = 0; e < m; e++) {
                weights[e] = b.getDouble();
            }
            if ((long) m * parameters * 8 > b.remaining()) {
                throw invalid("coefficient table truncated");
            }
            double[] coefficients = new double[m * parameters];
            for (int i = 0; i < coefficients.length; i++) {
                coefficients[i] = b.getDouble();
            }
            if (b.hasRemaining() || (parameters == 0 && parameterizedCount > 0)) {
                throw invalid("trailing bytes or parameterized edges without parameters");
            }
            return new WorkUnit(owned, exits, start, parameters, discreteFlag == 1, offsets, targets, weights,
                    parameterized, coefficients, new int[0], new int[0]);
        } catch (BufferUnderflowException e) {
            throw invalid("truncated");
        }
    }

    private static TraceFormatException invalid(String detail) {
        return new TraceFormatException("invalid work unit bytes: " + detail);
    }

    @Override
    public String toString() {
        return "WorkUnit[" + ownedCount + " vertices, " + exitCount + " exits, " + targets.length + " edges, key "
                + key().substring(0, 12) + "]";
    }
}
