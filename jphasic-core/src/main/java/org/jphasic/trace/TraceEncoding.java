package org.jphasic.trace;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jphasic.TraceFormatException;

/**
 * The binary body of a trace: every array of a {@link Trace}, little-endian, each preceded by its length. The
 * file framing (magic number, version, key, checksum, compression) is {@code org.jphasic.io.TraceFile}'s.
 *
 * <p>{@link #decode(ByteBuffer)} validates everything a trace's evaluation relies on — operation codes,
 * every operand slot earlier than its operation, every range inside its table, every vertex and slot index in
 * range — so a body that passes decodes to a trace that evaluates without index errors.
 *
 * <pre>
 * int32 vertexCount, parameterCount, discrete (0|1), constantCount, size
 * float64[constantCount] constants
 * int8[size] opcodes, int32[size] left, int32[size] right
 * int32 n, int32[n] sumOperands
 * int32 n, int32[n] dotParameters, float64[n] dotCoefficients
 * int32 n, int32[n] commandTarget, int32[n] commandSource (-1 = scale), int32[n] commandSlot
 * int32 n, int32[n] edgeSource, int32[n] edgeTarget, int32[n] edgeWeightSlot
 * int32 n, int32[n] vertexRateSlot (-1 = none)
 * </pre>
 */
public final class TraceEncoding {
    /** The window through which {@link #decode(Pieces, long)} reads a body. */
    public static final int WINDOW_BYTES = 1 << 18;

    private TraceEncoding() {
    }

    /**
     * @param trace a trace
     * @return its body
     */
    public static byte[] encode(Trace trace) {
        ByteBuffer b = ByteBuffer.allocate(encodedSize(trace));
        encode(trace, b);
        return b.array();
    }

    /**
     * @param trace a trace
     * @return the length of its body in bytes
     * @throws IllegalArgumentException if the body would not fit in an array
     */
    public static int encodedSize(Trace trace) {
        int size = trace.size();
        long bytes = 5L * 4 + 8L * trace.constantCount + size + 8L * size
                + 4 + 4L * trace.sumOperands.length
                + 4 + 12L * trace.dotParameters.length
                + 4 + 12L * trace.commandTarget.length
                + 4 + 12L * trace.edgeSource.length
                + 4 + 4L * trace.vertexRateSlot.length;
        if (bytes > Integer.MAX_VALUE - 64 - 2048) {
            throw new IllegalArgumentException("trace too large to encode: " + bytes + " bytes");
        }
        return (int) bytes;
    }

    /**
     * Writes a trace's body at a buffer's position, so that a file can hold it without a second copy.
     *
     * @param trace a trace
     * @param out   receives {@link #encodedSize(Trace)} bytes at its position, little-endian (its byte order is
     *              set here). Modified.
     * @throws java.nio.BufferOverflowException if the buffer has too little room
     */
    public static void encode(Trace trace, ByteBuffer out) {
        ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(trace.vertexCount).putInt(trace.parameterCount).putInt(trace.discrete ? 1 : 0)
                .putInt(trace.constantCount).putInt(trace.size());
        putDoubles(b, trace.constants);
        b.put(trace.opcode);
        putInts(b, trace.left);
        putInts(b, trace.right);
        b.putInt(trace.sumOperands.length);
        putInts(b, trace.sumOperands);
        b.putInt(trace.dotParameters.length);
        putInts(b, trace.dotParameters);
        putDoubles(b, trace.dotCoefficients);
        b.putInt(trace.commandTarget.length);
        putInts(b, trace.commandTarget);
        putInts(b, trace.commandSource);
        putInts(b, trace.commandSlot);
        b.putInt(trace.edgeSource.length);
        putInts(b, trace.edgeSource);
        putInts(b, trace.edgeTarget);
        putInts(b, trace.edgeWeightSlot);
        b.putInt(trace.vertexRateSlot.length);
        putInts(b, trace.vertexRateSlot);
    }

    private static void putInts(ByteBuffer b, int[] values) {
        b.asIntBuffer().put(values);
        b.position(b.position() + Integer.BYTES * values.length);
    }

    private static void putDoubles(ByteBuffer b, double[] values) {
        b.asDoubleBuffer().put(values);
        b.position(b.position() + Double.BYTES * values.length);
    }

    /**
     * Decodes and validates a body.
     *
     * @param body the body bytes, little-endian order is set here. Its position advances.
     * @return the trace
     * @throws TraceFormatException if the body is truncated, has trailing bytes or is not a valid trace
     */
    public static Trace decode(ByteBuffer body) {
        try {
            return decode(new Input(body));
        } catch (IOException e) {
            throw new AssertionError("a body in memory is decoded without input or output", e);
        }
    }

    /**
     * The next bytes of a body that is read in pieces, such as a file read through a small buffer.
     */
    @FunctionalInterface
    public interface Pieces {
        /**
         * Reads the body's next bytes.
         *
         * @param into receives bytes from its position up to at most its limit; its position advances. Modified.
         * @return how many bytes were read, or -1 if the body has ended
         * @throws IOException if reading fails
         */
        int read(ByteBuffer into) throws IOException;
    }

    /**
     * Decodes and validates a body read in pieces through a buffer of {@value #WINDOW_BYTES} bytes, so that a
     * large body is copied once, from the pieces straight into the trace's arrays. The checks are those of
     * {@link #decode(ByteBuffer)}; sizes are checked against {@code length} before anything is allocated.
     *
     * @param body   the body's bytes, in order
     * @param length the body's length in bytes; the body must end exactly there
     * @return the trace
     * @throws IOException          if reading a piece fails
     * @throws TraceFormatException if the body ends before {@code length}, has trailing bytes or is not a valid
     *                              trace
     */
    public static Trace decode(Pieces body, long length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("body length " + length + " is negative");
        }
        Input input = new Input(body, length);
        try {
            return decode(input);
        } finally {
            input.release();
        }
    }

    private static Trace decode(Input b) throws IOException {
        try {
            int vertexCount = nonNegative(b.getInt(), "vertex count");
            int parameterCount = nonNegative(b.getInt(), "parameter count");
            int discreteFlag = b.getInt();
            if (discreteFlag != 0 && discreteFlag != 1) {
                throw invalid("discrete flag is " + discreteFlag + ", expected 0 or 1");
            }
            int constantCount = nonNegative(b.getInt(), "constant count");
            int size = nonNegative(b.getInt(), "tape size");
            if (constantCount > size) {
                throw invalid("constant count " + constantCount + " exceeds the tape size " + size);
            }
            double[] constants = getDoubles(b, constantCount, "constants");
            byte[] opcode = new byte[checkAvailable(b, size, 1, "opcodes")];
            b.getBytes(opcode);
            int[] left = getInts(b, size, "left operands");
            int[] right = getInts(b, size, "right operands");
            int[] sums = getInts(b, nonNegative(b.getInt(), "sum operand count"), "sum operands");
            int dotCount = nonNegative(b.getInt(), "dot entry count");
            int[] dotParameters = getInts(b, dotCount, "dot parameters");
            double[] dotCoefficients = getDoubles(b, dotCount, "dot coefficients");
            int commands = nonNegative(b.getInt(), "command count");
            int[] target = getInts(b, commands, "command targets");
            int[] source = getInts(b, commands, "command sources");
            int[] slot = getInts(b, commands, "command slots");
            int edges = nonNegative(b.getInt(), "edge count");
            int[] edgeSource = getInts(b, edges, "edge sources");
            int[] edgeTarget = getInts(b, edges, "edge targets");
            int[] edgeWeightSlot = getInts(b, edges, "edge weight slots");
            int rates = nonNegative(b.getInt(), "vertex rate count");
            if (rates != vertexCount) {
                throw invalid("vertex rate table has " + rates + " entries for " + vertexCount + " vertices");
            }
            int[] vertexRateSlot = getInts(b, rates, "vertex rate slots");
            if (b.remaining() > 0) {
                throw invalid(b.remaining() + " unexpected bytes after the trace body");
            }
            for (int s = 0; s < size; s++) {
                int op = opcode[s];
                if (s < constantCount) {
                    if (op != Operation.CONST.code()) {
                        throw invalid("slot " + s + " is in the constant block but has operation code " + op);
                    }
                    continue;
                }
                switch (op) {
                    case 1 -> range(left[s], right[s], dotCount, "DOT at slot ", s);
                    case 2, 3 -> {
                        earlier(left[s], s);
                        earlier(right[s], s);
                    }
                    case 4 -> earlier(left[s], s);
                    case 5 -> {
                        range(left[s], right[s], sums.length, "SUM at slot ", s);
                        for (int i = left[s]; i < left[s] + right[s]; i++) {
                            earlier(sums[i], s);
                        }
                    }
                    default -> throw invalid("slot " + s + " has unknown operation code " + op);
                }
            }
            for (int i = 0; i < dotCount; i++) {
                if (dotParameters[i] < 0 || dotParameters[i] >= parameterCount) {
                    throw invalid("dot entry " + i + " refers to parameter " + dotParameters[i] + " of "
                            + parameterCount);
                }
            }
            // the indices are checked all at once, without a branch per value, and only a failed check looks for
            // the first bad value to name it
            if (!within(target, 0, vertexCount) || !within(source, -1, vertexCount) || !within(slot, 0, size)) {
                for (int c = 0; c < commands; c++) {
                    index(target[c], vertexCount, "command ", c, " target");
                    if (source[c] != -1) {
                        index(source[c], vertexCount, "command ", c, " source");
                    }
                    index(slot[c], size, "command ", c, " slot");
                }
            }
            if (!within(edgeSource, 0, vertexCount) || !within(edgeTarget, 0, vertexCount)
                    || !within(edgeWeightSlot, 0, size)) {
                for (int e = 0; e < edges; e++) {
                    index(edgeSource[e], vertexCount, "edge ", e, " source");
                    index(edgeTarget[e], vertexCount, "edge ", e, " target");
                    index(edgeWeightSlot[e], size, "edge ", e, " weight slot");
                }
            }
            if (!within(vertexRateSlot, -1, size)) {
                for (int v = 0; v < rates; v++) {
                    if (vertexRateSlot[v] != -1) {
                        index(vertexRateSlot[v], size, "vertex ", v, " rate slot");
                    }
                }
            }
            return new Trace(vertexCount, parameterCount, discreteFlag == 1, constantCount, constants, opcode,
                    left, right, sums, dotParameters, dotCoefficients, target, source, slot, edgeSource, edgeTarget,
                    edgeWeightSlot, vertexRateSlot);
        } catch (BufferUnderflowException e) {
            throw new TraceFormatException("trace body is truncated: it ends before all its arrays are read. "
                    + "The file is damaged; record the trace again");
        }
    }

    private static int checkAvailable(Input b, int count, int width, String what) {
        if ((long) count * width > b.remaining()) {
            throw new TraceFormatException("trace body is truncated: " + what + " need " + (long) count * width
                    + " bytes but only " + b.remaining() + " remain. The file is damaged; record the trace again");
        }
        return count;
    }

    private static int[] getInts(Input b, int count, String what) throws IOException {
        int[] a = new int[checkAvailable(b, count, Integer.BYTES, what)];
        b.getInts(a);
        return a;
    }

    private static double[] getDoubles(Input b, int count, String what) throws IOException {
        double[] a = new double[checkAvailable(b, count, Double.BYTES, what)];
        b.getDoubles(a);
        return a;
    }

    /**
     * A body's bytes as the decoder takes them: a window on the body, little-endian, refilled from the pieces
     * when it runs dry; for a body in memory the window is the whole body and is never refilled.
     */
    private static final class Input {
        /** The window each thread reads bodies through, while it is not in use. */
        private static final ThreadLocal<ByteBuffer> WINDOWS = new ThreadLocal<>();

        private final ByteBuffer window;
        private final Pieces pieces;
        /** Bytes of the body not yet in the window. */
        private long unread;

        Input(ByteBuffer body) {
            this.window = body.order(ByteOrder.LITTLE_ENDIAN);
            this.pieces = null;
        }

        Input(Pieces pieces, long length) {
            // each thread keeps one window: a direct buffer allocated per body would be fresh memory every time,
            // released only when the collector gets to it. Taken out while in use, so a nested decode on the same
            // thread gets a window of its own.
            ByteBuffer kept = WINDOWS.get();
            WINDOWS.remove();
            this.window = (kept != null ? kept.clear() : ByteBuffer.allocateDirect(WINDOW_BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN);
            this.window.limit(0);
            this.pieces = pieces;
            this.unread = length;
        }

        /** Hands a window read through back to its thread, for the next body. */
        void release() {
            if (pieces != null) {
                WINDOWS.set(window);
            }
        }

        long remaining() {
            return window.remaining() + unread;
        }

        int getInt() throws IOException {
            need(Integer.BYTES);
            return window.getInt();
        }

        void getBytes(byte[] into) throws IOException {
            for (int done = 0; done < into.length; ) {
                need(1);
                int n = Math.min(window.remaining(), into.length - done);
                window.get(into, done, n);
                done += n;
            }
        }

        void getInts(int[] into) throws IOException {
            for (int done = 0; done < into.length; ) {
                int n = piece(Integer.BYTES, into.length - done);
                window.asIntBuffer().get(into, done, n);
                window.position(window.position() + Integer.BYTES * n);
                done += n;
            }
        }

        void getDoubles(double[] into) throws IOException {
            for (int done = 0; done < into.length; ) {
                int n = piece(Double.BYTES, into.length - done);
                window.asDoubleBuffer().get(into, done, n);
                window.position(window.position() + Double.BYTES * n);
                done += n;
            }
        }

        /** How many of {@code wanted} values of {@code width} bytes the window holds now, after refilling it. */
        private int piece(int width, int wanted) throws IOException {
            need(width);
            return Math.min(window.remaining() / width, wanted);
        }

        /** Makes at least {@code bytes} (at most 8) bytes available in the window. */
        private void need(int bytes) throws IOException {
            if (window.remaining() >= bytes) {
                return;
            }
            if (pieces == null || window.remaining() + unread < bytes) {
                throw new BufferUnderflowException();
            }
            window.compact();
            window.limit((int) Math.min(window.capacity(), window.position() + unread));
            while (window.hasRemaining()) {
                int before = window.position();
                int n = pieces.read(window);
                if (n < 0) {
                    throw new TraceFormatException("trace body is truncated: it ends " + (unread - (window.position()
                            - before)) + " bytes before its declared length. The file is damaged; record the "
                            + "trace again");
                }
                unread -= window.position() - before;
            }
            window.flip();
        }
    }

    private static int nonNegative(int value, String what) {
        if (value < 0) {
            throw invalid(what + " is negative (" + value + ")");
        }
        return value;
    }

    /**
     * Whether every value lies in [{@code from}, {@code limit}), for {@code from} 0 or -1 and {@code limit} at
     * least 0. Branch-free, so that the compiler can check several values per instruction: {@code x - from} and
     * {@code limit - 1 - x} are both non-negative exactly for the values in range, and an overflow of either
     * leaves the other negative.
     */
    static boolean within(int[] values, int from, int limit) {
        int signs = 0;
        for (int x : values) {
            signs |= (x - from) | (limit - 1 - x);
        }
        return signs >= 0;
    }

    private static void earlier(int operand, int slot) {
        if (operand < 0 || operand >= slot) {
            throw invalid("operation at slot " + slot + " uses slot " + operand + ", which is not an earlier slot");
        }
    }

    /** Checks [start, start + length) ⊆ [0, limit); the message "{what}{at} refers …" is built only on failure. */
    private static void range(int start, int length, int limit, String what, int at) {
        if (start < 0 || length < 0 || (long) start + length > limit) {
            throw invalid(what + at + " refers to entries [" + start + ", " + ((long) start + length) + ") of " + limit);
        }
    }

    /** Checks value ∈ [0, limit); the message "{kind}{at}{field} is …" is built only on failure. */
    private static void index(int value, int limit, String kind, int at, String field) {
        if (value < 0 || value >= limit) {
            throw invalid(kind + at + field + " is " + value + ", outside [0, " + limit + ")");
        }
    }

    private static TraceFormatException invalid(String detail) {
        return new TraceFormatException("invalid trace body: " + detail + ". The file is damaged or was not "
                + "written by jphasic; record the trace again");
    }
}
