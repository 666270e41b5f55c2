package org.jphasic.trace;

import java.util.Arrays;
import java.util.concurrent.ForkJoinTask;

/**
 * A recorded elimination trace: an operation tape whose values depend only on the parameter vector θ, and the
 * reward program (commands x[t] *= v[slot] and x[t] += v[slot]·x[s]) whose multipliers are tape slots. Evaluating
 * the tape at θ and replaying the commands gives exactly what eliminating {@code graph.at(θ)} gives — the same
 * elimination code produced both (see {@link org.jphasic.moments.Elimination}) — including the elimination-time
 * reward updates that make cyclic graphs right.
 *
 * <p>Layout: slots {@code [0, constantCount())} are constants, then the parameter dot products, then computed
 * operations in dependency order. A trace is immutable and safe to share; evaluate it with a
 * {@link TraceEvaluator} (one per thread) or with {@link #evaluate(double[], double[])} directly.
 *
 * <pre>{@code
 * Trace trace = TraceRecorder.record(graph);
 * TraceEvaluator ev = new TraceEvaluator(trace);
 * ev.evaluate(theta);
 * double mean = ev.moments().expectation();
 * }</pre>
 */
public final class Trace {
    final int vertexCount;
    final int parameterCount;
    final boolean discrete;
    final int constantCount;
    final double[] constants;
    /** Per slot ≥ constantCount: the operation code. */
    final byte[] opcode;
    /** ADD/MUL/INV: operand slots; DOT/SUM: offset and length into the operand tables. */
    final int[] left;
    final int[] right;
    final int[] sumOperands;
    final int[] dotParameters;
    final double[] dotCoefficients;
    final int[] commandTarget;
    final int[] commandSource;
    final int[] commandSlot;
    final int[] edgeSource;
    final int[] edgeTarget;
    final int[] edgeWeightSlot;
    final int[] vertexRateSlot;
    /** The tables evaluation reads, built on first use (see {@link #tables()}). */
    private volatile Tables tables;

    /**
     * What evaluating a trace needs beyond the trace itself, derived from it: the commands grouped into rows, and
     * the slots to check for every θ. A trace that is only stitched into another or written to a file never needs
     * them, so they are built when the first evaluator asks, once (see {@link #tables()}).
     */
    static final class Tables {
        /** Distinct non-constant edge-weight slots, and one edge using each (for messages). */
        final int[] checkedWeightSlots;
        final int[] checkedWeightEdges;
        /** Distinct non-constant vertex-rate slots, and one vertex using each. */
        final int[] checkedRateSlots;
        final int[] checkedRateVertices;
        /**
         * The commands grouped into rows of one target: x[t] = (scale ≥ 0 ? v[scale]·x[t] : x[t]) + Σ
         * v[slot]·x[source] over the row's entries. Same operations in the same order as the command list, so
         * bit-identical, with the target kept in a register.
         */
        final int[] rowTarget;
        final int[] rowScale;
        final int[] rowEnd;
        final int[] entrySource;
        final int[] entrySlot;

        private Tables(Trace t) {
            // the two scans are independent, and on a large tape each costs a pass of scattered writes
            ForkJoinTask<int[][]> weightScan = ForkJoinTask.adapt(() -> t.distinctComputedSlots(t.edgeWeightSlot));
            if (t.opcode.length >= PARALLEL_SCAN_SLOTS) {
                weightScan.fork();
            } else {
                weightScan.invoke();
            }
            int[][] rates = t.distinctComputedSlots(t.vertexRateSlot);
            this.checkedRateSlots = rates[0];
            this.checkedRateVertices = rates[1];
            int[] commandTarget = t.commandTarget;
            int[] commandSource = t.commandSource;
            int[] commandSlot = t.commandSlot;
            int commands = commandTarget.length;
            int rows = 0;
            int entries = 0;
            for (int c = 0; c < commands; c++) {
                boolean scale = commandSource[c] < 0;
                if (scale || c == 0 || commandTarget[c] != commandTarget[c - 1]) {
                    rows++;
                }
                if (!scale) {
                    entries++;
                }
            }
            rowTarget = new int[rows];
            rowScale = new int[rows];
            rowEnd = new int[rows];
            entrySource = new int[entries];
            entrySlot = new int[entries];
            int r = -1;
            int e = 0;
            for (int c = 0; c < commands; c++) {
                boolean scale = commandSource[c] < 0;
                if (scale || c == 0 || commandTarget[c] != commandTarget[c - 1]) {
                    r++;
                    rowTarget[r] = commandTarget[c];
                    rowScale[r] = scale ? commandSlot[c] : -1;
                }
                if (!scale) {
                    entrySource[e] = commandSource[c];
                    entrySlot[e++] = commandSlot[c];
                }
                rowEnd[r] = e;
            }
            int[][] weights = weightScan.join();
            this.checkedWeightSlots = weights[0];
            this.checkedWeightEdges = weights[1];
        }

        /** @return the number of rows the commands form */
        int rowCount() {
            return rowTarget.length;
        }
    }

    /** Tapes from this length scan their edge weights on the common pool beside the rest of the replay tables. */
    private static final int PARALLEL_SCAN_SLOTS = 1 << 16;

    Trace(int vertexCount, int parameterCount, boolean discrete, int constantCount, double[] constants,
          byte[] opcode, int[] left, int[] right, int[] sumOperands, int[] dotParameters, double[] dotCoefficients,
          int[] commandTarget, int[] commandSource, int[] commandSlot, int[] edgeSource, int[] edgeTarget,
          int[] edgeWeightSlot, int[] vertexRateSlot) {
        this.vertexCount = vertexCount;
        this.parameterCount = parameterCount;
        this.discrete = discrete;
        this.constantCount = constantCount;
        this.constants = constants;
        this.opcode = opcode;
        this.left = left;
        this.right = right;
        this.sumOperands = sumOperands;
        this.dotParameters = dotParameters;
        this.dotCoefficients = dotCoefficients;
        this.commandTarget = commandTarget;
        this.commandSource = commandSource;
        this.commandSlot = commandSlot;
        this.edgeSource = edgeSource;
        this.edgeTarget = edgeTarget;
        this.edgeWeightSlot = edgeWeightSlot;
        this.vertexRateSlot = vertexRateSlot;
    }

    /**
     * The tables evaluation reads, built on the first call (by every thread that makes it before one has
     * published them; the copies are equal, and whichever is published last is kept).
     *
     * @return the replay tables
     */
    Tables tables() {
        Tables t = tables;
        if (t == null) {
            t = new Tables(this);
            tables = t;
        }
        return t;
    }

    /** The distinct slots ≥ constantCount among {@code slots}, with the first index using each. */
    private int[][] distinctComputedSlots(int[] slots) {
        int[] firstUsePlusOne = new int[opcode.length]; // 0: unused, so the fresh array needs no fill
        int count = 0;
        for (int i = 0; i < slots.length; i++) {
            int s = slots[i];
            if (s >= constantCount && firstUsePlusOne[s] == 0) {
                firstUsePlusOne[s] = i + 1;
                count++;
            }
        }
        int[] distinct = new int[count];
        int[] users = new int[count];
        int k = 0;
        for (int s = constantCount; s < opcode.length; s++) {
            if (firstUsePlusOne[s] != 0) {
                distinct[k] = s;
                users[k++] = firstUsePlusOne[s] - 1;
            }
        }
        return new int[][] {distinct, users};
    }

    /** @return the number of value slots (tape length) */
    public int size() {
        return opcode.length;
    }

    /** @return the number of constant slots at the start of the tape */
    public int constantCount() {
        return constantCount;
    }

    /** @return the length of θ */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return the number of vertices of the graph the trace was recorded from */
    public int vertexCount() {
        return vertexCount;
    }

    /** @return the number of reward commands */
    public int commandCount() {
        return commandTarget.length;
    }

    /** @return the number of edges of the recorded graph */
    public int edgeCount() {
        return edgeSource.length;
    }

    /** @return whether the recorded graph is discrete */
    public boolean isDiscrete() {
        return discrete;
    }

    /**
     * @param slot a slot
     * @return the operation writing it
     */
    public Operation operation(int slot) {
        return slot < constantCount ? Operation.CONST : Operation.of(opcode[slot]);
    }

    /** @return a fresh value array of length {@link #size()} */
    public double[] newValues() {
        return new double[opcode.length];
    }

    /**
     * Evaluates the tape at one parameter vector. Does no checking: use {@link TraceEvaluator} for the checks
     * that name the edge or vertex a bad θ breaks.
     *
     * @param theta  the parameters, length {@link #parameterCount()}. Not modified.
     * @param values receives every slot's value, length {@link #size()}. Modified.
     */
    public void evaluate(double[] theta, double[] values) {
        System.arraycopy(constants, 0, values, 0, constantCount);
        final byte[] op = opcode;
        final int[] l = left;
        final int[] r = right;
        for (int s = constantCount; s < op.length; s++) {
            switch (op[s]) {
                case 2: // ADD
                    values[s] = values[l[s]] + values[r[s]];
                    break;
                case 3: // MUL
                    values[s] = values[l[s]] * values[r[s]];
                    break;
                case 4: // INV
                    values[s] = 1.0 / values[l[s]];
                    break;
                case 5: { // SUM
                    double acc = 0;
                    for (int i = l[s], end = l[s] + r[s]; i < end; i++) {
                        acc += values[sumOperands[i]];
                    }
                    values[s] = acc;
                    break;
                }
                case 1: { // DOT
                    double acc = 0;
                    for (int i = l[s], end = l[s] + r[s]; i < end; i++) {
                        acc += dotCoefficients[i] * theta[dotParameters[i]];
                    }
                    values[s] = acc;
                    break;
                }
                default:
                    throw new IllegalStateException("corrupt trace: opcode " + op[s] + " at slot " + s);
            }
        }
    }

    /**
     * Evaluates the tape for a batch of parameter vectors, the batch innermost so that the inner loops run over
     * contiguous memory (and vectorise). Every entry gets exactly the value {@link #evaluate} would give.
     *
     * @param thetas the parameter vectors, {@code thetas[k][j]} = θ_k of batch entry j; k &lt;
     *               {@link #parameterCount()}, all rows of the same length B. Not modified.
     * @param values receives {@code values[slot][j]}, {@link #size()} rows of length ≥ B. Modified.
     */
    public void evaluateBatch(double[][] thetas, double[][] values) {
        int batch = parameterCount == 0 ? values[0].length : thetas[0].length;
        for (int s = 0; s < constantCount; s++) {
            Arrays.fill(values[s], 0, batch, constants[s]);
        }
        final byte[] op = opcode;
        for (int s = constantCount; s < op.length; s++) {
            double[] out = values[s];
            switch (op[s]) {
                case 2: {
                    double[] a = values[left[s]];
                    double[] b = values[right[s]];
                    for (int j = 0; j < batch; j++) {
                        out[j] = a[j] + b[j];
                    }
                    break;
                }
                case 3: {
                    double[] a = values[left[s]];
                    double[] b = values[right[s]];
                    for (int j = 0; j < batch; j++) {
                        out[j] = a[j] * b[j];
                    }
                    break;
                }
                case 4: {
                    double[] a = values[left[s]];
                    for (int j = 0; j < batch; j++) {
                        out[j] = 1.0 / a[j];
                    }
                    break;
                }
                case 5: {
                    Arrays.fill(out, 0, batch, 0.0);
                    for (int i = left[s], end = left[s] + right[s]; i < end; i++) {
                        double[] a = values[sumOperands[i]];
                        for (int j = 0; j < batch; j++) {
                            out[j] += a[j];
                        }
                    }
                    break;
                }
                case 1: {
                    Arrays.fill(out, 0, batch, 0.0);
                    for (int i = left[s], end = left[s] + right[s]; i < end; i++) {
                        double c = dotCoefficients[i];
                        double[] t = thetas[dotParameters[i]];
                        for (int j = 0; j < batch; j++) {
                            out[j] += c * t[j];
                        }
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("corrupt trace: opcode " + op[s] + " at slot " + s);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Trace)) {
            return false;
        }
        Trace t = (Trace) o;
        return vertexCount == t.vertexCount && parameterCount == t.parameterCount && discrete == t.discrete
                && constantCount == t.constantCount && Arrays.equals(constants, t.constants)
                && Arrays.equals(opcode, t.opcode) && Arrays.equals(left, t.left) && Arrays.equals(right, t.right)
                && Arrays.equals(sumOperands, t.sumOperands) && Arrays.equals(dotParameters, t.dotParameters)
                && Arrays.equals(dotCoefficients, t.dotCoefficients)
                && Arrays.equals(commandTarget, t.commandTarget) && Arrays.equals(commandSource, t.commandSource)
                && Arrays.equals(commandSlot, t.commandSlot) && Arrays.equals(edgeSource, t.edgeSource)
                && Arrays.equals(edgeTarget, t.edgeTarget) && Arrays.equals(edgeWeightSlot, t.edgeWeightSlot)
                && Arrays.equals(vertexRateSlot, t.vertexRateSlot);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(opcode) * 31 + Arrays.hashCode(commandSlot);
    }

    @Override
    public String toString() {
        return "Trace[" + size() + " operations (" + constantCount + " constants), " + commandCount()
                + " commands, " + vertexCount + " vertices, " + parameterCount + " parameters"
                + (discrete ? ", discrete" : "") + "]";
    }
}
