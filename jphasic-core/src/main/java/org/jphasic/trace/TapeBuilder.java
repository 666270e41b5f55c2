package org.jphasic.trace;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.jphasic.moments.EliminationArithmetic;

/**
 * The elimination arithmetic that records: every value is a tape slot. Constants and structurally identical
 * operations are interned (common-subexpression elimination), trivial operations folded (x+0, x·1, x·0,
 * constant arithmetic), and {@link #finish} drops operations no command or edge needs and moves constants and
 * dot products to the front of the tape.
 */
final class TapeBuilder implements EliminationArithmetic {
    private static final byte CONST = 0;
    private static final byte DOT = 1;
    private static final byte ADD = 2;
    private static final byte MUL = 3;
    private static final byte INV = 4;
    private static final byte SUM = 5;

    private final TraceSource source;
    private final int parameterCount;

    /**
     * What a thread's last tape leaves to the next one it builds, while no tape of the thread holds it: work units
     * are recorded by the hundred, one after another on each thread, and their tables and arrays in fresh memory
     * each time were a tenth of a hierarchical recording (memory the processor had to fetch, clear and write back
     * for every unit). Tapes larger than {@link Storage#KEPT_ENTRIES} leave nothing.
     */
    private static final ThreadLocal<Storage> KEPT = new ThreadLocal<>();

    private final Storage storage;
    private byte[] opcode;
    private int[] left;
    private int[] right;
    private double[] constant;
    private int size;
    private int[] sumOperands;
    private int sumSize;
    private int[] dotParameters;
    private double[] dotCoefficients;
    private int dotSize;

    private final LongIntMap constants;
    private final LongIntMap adds;
    private final LongIntMap multiplies;
    private final LongIntMap inverses;
    /**
     * Interned sums and linear forms of two or more terms, found by content: open addressing over handles (plus
     * one, 0 empty), the content read from the tape's own sum and dot arrays, so that interning allocates nothing.
     */
    private int[] sumTable = new int[64];
    private int sumEntries;
    private int[] dotTable = new int[64];
    private int dotEntries;
    private LongIntMap[] singleDots;                          // c·θ_p: [p], keyed by c's bits
    /** A linear form being built (parameters increasing, coefficients non-zero), before it is interned. */
    private final int[] formParameters;
    private final double[] formCoefficients;
    /** Per parameter, the coefficient of a sum of forms being merged; all zero between merges. */
    private final double[] dense;
    private int[] terms = new int[16];
    private final int zero;
    private final int one;

    private int[] commandTarget;
    private int[] commandSource;
    private int[] commandSlot;
    private int commandCount;

    /** A tape's growable arrays and interning tables, handed from one tape to the next on a thread. */
    private static final class Storage {
        /** The largest array or table, in entries, a finished tape leaves to the next. */
        static final int KEPT_ENTRIES = 1 << 15;

        byte[] opcode = new byte[1024];
        int[] left = new int[1024];
        int[] right = new int[1024];
        double[] constant = new double[1024];
        int[] sumOperands = new int[1024];
        int[] dotParameters = new int[256];
        double[] dotCoefficients = new double[256];
        int[] commandTarget = new int[1024];
        int[] commandSource = new int[1024];
        int[] commandSlot = new int[1024];
        LongIntMap constants;
        LongIntMap adds;
        LongIntMap multiplies;
        LongIntMap inverses;
        /** {@link #finish}'s tables: which slots are needed, and their numbers in the trace. */
        boolean[] live = new boolean[1024];
        int[] renumber = new int[1024];

        /** Whether every array and table is small enough to keep. */
        boolean keepable() {
            return opcode.length <= KEPT_ENTRIES && sumOperands.length <= KEPT_ENTRIES
                    && dotParameters.length <= KEPT_ENTRIES && commandTarget.length <= KEPT_ENTRIES
                    && live.length <= KEPT_ENTRIES
                    && constants.capacity() <= KEPT_ENTRIES && adds.capacity() <= KEPT_ENTRIES
                    && multiplies.capacity() <= KEPT_ENTRIES && inverses.capacity() <= KEPT_ENTRIES;
        }
    }

    /**
     * @param source         where {@link #weight(int)} reads edge weights from, or {@code null} when the tape is
     *                       assembled from other tapes (stitching)
     * @param parameterCount the length of θ
     */
    TapeBuilder(TraceSource source, int parameterCount) {
        this.source = source;
        this.parameterCount = parameterCount;
        this.formParameters = new int[parameterCount];
        this.formCoefficients = new double[parameterCount];
        this.dense = new double[parameterCount];
        // sized for a tape of about one operation per parameterized edge (constant weights fold into constants),
        // so that a unit's tables rarely grow: growing rehashes every entry, and for the many small units of a
        // hierarchical recording that was a tenth of its time
        int parameterizedEdges = 0;
        int vertices = 0;
        if (source != null) {
            for (int e = 0; e < source.edgeCount(); e++) {
                if (source.isEdgeParameterized(e)) {
                    parameterizedEdges++;
                }
            }
            vertices = source.vertexCount();
        }
        // taken out while this tape is built, so that another tape on the thread (none is nested today) gets its own
        Storage kept = KEPT.get();
        KEPT.remove();
        this.storage = kept != null ? kept : new Storage();
        storage.constants = LongIntMap.emptied(storage.constants, 16);
        storage.adds = LongIntMap.emptied(storage.adds, Math.max(16, parameterizedEdges));
        storage.multiplies = LongIntMap.emptied(storage.multiplies, Math.max(16, parameterizedEdges));
        storage.inverses = LongIntMap.emptied(storage.inverses, Math.max(16, Math.min(parameterizedEdges, vertices)));
        this.constants = storage.constants;
        this.adds = storage.adds;
        this.multiplies = storage.multiplies;
        this.inverses = storage.inverses;
        this.opcode = storage.opcode;
        this.left = storage.left;
        this.right = storage.right;
        this.constant = storage.constant;
        this.sumOperands = storage.sumOperands;
        this.dotParameters = storage.dotParameters;
        this.dotCoefficients = storage.dotCoefficients;
        this.commandTarget = storage.commandTarget;
        this.commandSource = storage.commandSource;
        this.commandSlot = storage.commandSlot;
        this.zero = constant(0.0);
        this.one = constant(1.0);
    }

    private int append(byte op, int a, int b, double value) {
        if (size == opcode.length) {
            int capacity = size * 2;
            opcode = Arrays.copyOf(opcode, capacity);
            left = Arrays.copyOf(left, capacity);
            right = Arrays.copyOf(right, capacity);
            constant = Arrays.copyOf(constant, capacity);
        }
        opcode[size] = op;
        left[size] = a;
        right[size] = b;
        constant[size] = value;
        return size++;
    }

    private boolean isConstant(int h) {
        return opcode[h] == CONST;
    }

    int constant(double value) {
        double v = value == 0.0 ? 0.0 : value; // -0.0 and 0.0 are one constant
        long key = Double.doubleToLongBits(v);
        int h = constants.get(key);
        if (h < 0) {
            h = append(CONST, 0, 0, v);
            constants.put(key, h);
        }
        return h;
    }

    @Override
    public int zero() {
        return zero;
    }

    @Override
    public int weight(int e) {
        if (!source.isEdgeParameterized(e)) {
            return constant(source.edgeWeight(e));
        }
        int nonZero = 0;
        int last = -1;
        for (int k = 0; k < parameterCount; k++) {
            if (source.coefficient(e, k) != 0) {
                nonZero++;
                last = k;
            }
        }
        if (nonZero == 1) {
            return singleDot(last, source.coefficient(e, last));
        }
        int i = 0;
        for (int k = 0; k < parameterCount; k++) {
            double c = source.coefficient(e, k);
            if (c != 0) {
                formParameters[i] = k;
                formCoefficients[i++] = c;
            }
        }
        return dot(nonZero);
    }

    /**
     * Interns the linear form Σ c_i·θ_{p_i} of the first {@code nonZero} entries of {@link #formParameters}
     * (increasing) and {@link #formCoefficients} (non-zero; compared bit for bit).
     */
    private int dot(int nonZero) {
        if (nonZero == 0) {
            return zero;
        }
        if (nonZero == 1) {
            return singleDot(formParameters[0], formCoefficients[0]);
        }
        int hash = 1;
        for (int i = 0; i < nonZero; i++) {
            hash = 31 * (31 * hash + formParameters[i]) + Long.hashCode(Double.doubleToLongBits(formCoefficients[i]));
        }
        int mask = dotTable.length - 1;
        int at = LongIntMap.mix(hash) & mask;
        for (int stored; (stored = dotTable[at]) != 0; at = (at + 1) & mask) {
            if (sameForm(stored - 1, nonZero)) {
                return stored - 1;
            }
        }
        if (dotSize + nonZero > dotParameters.length) {
            int capacity = Math.max(dotParameters.length * 2, dotSize + nonZero);
            dotParameters = Arrays.copyOf(dotParameters, capacity);
            dotCoefficients = Arrays.copyOf(dotCoefficients, capacity);
        }
        System.arraycopy(formParameters, 0, dotParameters, dotSize, nonZero);
        System.arraycopy(formCoefficients, 0, dotCoefficients, dotSize, nonZero);
        int h = append(DOT, dotSize, nonZero, 0);
        dotSize += nonZero;
        dotTable[at] = h + 1;
        if (++dotEntries * 2 > dotTable.length) {
            dotTable = rehashed(dotTable, this::formHash);
        }
        return h;
    }

    /** Whether the linear form at slot {@code h} is the one being built. */
    private boolean sameForm(int h, int nonZero) {
        if (right[h] != nonZero) {
            return false;
        }
        int from = left[h];
        for (int i = 0; i < nonZero; i++) {
            if (dotParameters[from + i] != formParameters[i] || Double.doubleToLongBits(dotCoefficients[from + i])
                    != Double.doubleToLongBits(formCoefficients[i])) {
                return false;
            }
        }
        return true;
    }

    /** The hash {@link #dot(int)} gives the linear form at slot {@code h}. */
    private int formHash(int h) {
        int hash = 1;
        for (int i = left[h]; i < left[h] + right[h]; i++) {
            hash = 31 * (31 * hash + dotParameters[i]) + Long.hashCode(Double.doubleToLongBits(dotCoefficients[i]));
        }
        return hash;
    }

    /** The sum of operands at slot {@code h}'s hash, as {@link #sum} computes it for operands being interned. */
    private int sumHash(int h) {
        return operandHash(sumOperands, left[h], right[h]);
    }

    private static int operandHash(int[] operands, int from, int count) {
        int hash = 1;
        for (int i = from; i < from + count; i++) {
            hash = 31 * hash + operands[i];
        }
        return hash;
    }

    /** A table of handles twice as large, each entry placed again by its hash. */
    private static int[] rehashed(int[] table, IntUnaryOperator hashOfHandle) {
        int[] grown = new int[table.length * 2];
        int mask = grown.length - 1;
        for (int stored : table) {
            if (stored != 0) {
                int at = LongIntMap.mix(hashOfHandle.applyAsInt(stored - 1)) & mask;
                while (grown[at] != 0) {
                    at = (at + 1) & mask;
                }
                grown[at] = stored;
            }
        }
        return grown;
    }

    /**
     * Interns c·θ_p (c non-zero) without allocating: the most common weight, one rate parameter times a constant.
     * Keyed like {@link #dot(int)} compares (the coefficient's bits), so each form has one slot whichever way it
     * is reached.
     */
    private int singleDot(int parameter, double coefficient) {
        if (singleDots == null) {
            singleDots = new LongIntMap[parameterCount];
        }
        LongIntMap byCoefficient = singleDots[parameter];
        if (byCoefficient == null) {
            byCoefficient = new LongIntMap(16);
            singleDots[parameter] = byCoefficient;
        }
        long bits = Double.doubleToLongBits(coefficient);
        int h = byCoefficient.get(bits);
        if (h >= 0) {
            return h;
        }
        if (dotSize + 1 > dotParameters.length) {
            int capacity = dotParameters.length * 2;
            dotParameters = Arrays.copyOf(dotParameters, capacity);
            dotCoefficients = Arrays.copyOf(dotCoefficients, capacity);
        }
        dotParameters[dotSize] = parameter;
        dotCoefficients[dotSize] = coefficient;
        h = append(DOT, dotSize, 1, 0);
        dotSize++;
        byCoefficient.put(bits, h);
        return h;
    }

    /** The sum of linear forms is a linear form: merge the coefficient vectors. */
    private int mergeDots(int[] handles, int count) {
        for (int i = 0; i < count; i++) {
            int h = handles[i];
            for (int j = left[h]; j < left[h] + right[h]; j++) {
                dense[dotParameters[j]] += dotCoefficients[j];
            }
        }
        int nonZero = 0;
        for (int k = 0; k < parameterCount; k++) {
            if (dense[k] != 0) {
                formParameters[nonZero] = k;
                formCoefficients[nonZero++] = dense[k];
            }
            dense[k] = 0;
        }
        return dot(nonZero);
    }

    /**
     * If linear forms a and b are proportional (a = κ·b, same parameters, ratios equal to 1e-14), returns κ;
     * otherwise NaN.
     */
    private double ratio(int a, int b) {
        if (right[a] != right[b]) {
            return Double.NaN;
        }
        double kappa = dotCoefficients[left[a]] / dotCoefficients[left[b]];
        for (int i = 0; i < right[a]; i++) {
            int ia = left[a] + i;
            int ib = left[b] + i;
            if (dotParameters[ia] != dotParameters[ib]) {
                return Double.NaN;
            }
            double r = dotCoefficients[ia] / dotCoefficients[ib];
            if (Math.abs(r - kappa) > 1e-14 * Math.abs(kappa)) {
                return Double.NaN;
            }
        }
        return kappa;
    }

    @Override
    public int add(int a, int b) {
        if (a == zero) {
            return b;
        }
        if (b == zero) {
            return a;
        }
        if (isConstant(a) && isConstant(b)) {
            return constant(constant[a] + constant[b]);
        }
        if (opcode[a] == DOT && opcode[b] == DOT) {
            terms[0] = a;
            terms[1] = b;
            return mergeDots(terms, 2);
        }
        return binary(ADD, adds, Math.min(a, b), Math.max(a, b));
    }

    @Override
    public int multiply(int a, int b) {
        if (a == zero || b == zero) {
            return zero;
        }
        if (a == one) {
            return b;
        }
        if (b == one) {
            return a;
        }
        if (isConstant(a) && isConstant(b)) {
            return constant(constant[a] * constant[b]);
        }
        // c·θ / (d·θ) with c = κ·d does not depend on θ
        if (opcode[a] == DOT && opcode[b] == INV && opcode[left[b]] == DOT) {
            double kappa = ratio(a, left[b]);
            if (!Double.isNaN(kappa)) {
                return constant(kappa);
            }
        }
        if (opcode[b] == DOT && opcode[a] == INV && opcode[left[a]] == DOT) {
            double kappa = ratio(b, left[a]);
            if (!Double.isNaN(kappa)) {
                return constant(kappa);
            }
        }
        return binary(MUL, multiplies, Math.min(a, b), Math.max(a, b));
    }

    private int binary(byte op, LongIntMap table, int a, int b) {
        long key = ((long) a << 32) | (b & 0xFFFFFFFFL);
        int h = table.get(key);
        if (h < 0) {
            h = append(op, a, b, 0);
            table.put(key, h);
        }
        return h;
    }

    @Override
    public int reciprocal(int a) {
        if (isConstant(a)) {
            return constant(1.0 / constant[a]);
        }
        int h = inverses.get(a);
        if (h < 0) {
            h = append(INV, a, 0, 0);
            inverses.put(a, h);
        }
        return h;
    }

    @Override
    public int sum(int[] handles, int count) {
        double constantPart = 0;
        int variables = 0;
        if (terms.length < count + 1) {
            terms = new int[Math.max(count + 1, 2 * terms.length)];
        }
        int[] terms = this.terms;
        for (int i = 0; i < count; i++) {
            int h = handles[i];
            if (isConstant(h)) {
                constantPart += constant[h];
            } else {
                terms[variables++] = h;
            }
        }
        if (variables == 0) {
            return constant(constantPart);
        }
        if (constantPart != 0) {
            terms[variables++] = constant(constantPart);
        }
        if (variables == 1) {
            return terms[0];
        }
        if (variables == 2) {
            return add(terms[0], terms[1]);
        }
        boolean allDots = true;
        for (int i = 0; i < variables; i++) {
            allDots &= opcode[terms[i]] == DOT;
        }
        if (allDots) {
            return mergeDots(terms, variables);
        }
        // the operands in order (a sum's order fixes its rounding), found by content as in dot
        int mask = sumTable.length - 1;
        int at = LongIntMap.mix(operandHash(terms, 0, variables)) & mask;
        for (int stored; (stored = sumTable[at]) != 0; at = (at + 1) & mask) {
            int h = stored - 1;
            if (right[h] == variables && Arrays.equals(sumOperands, left[h], left[h] + variables, terms, 0,
                    variables)) {
                return h;
            }
        }
        if (sumSize + variables > sumOperands.length) {
            sumOperands = Arrays.copyOf(sumOperands, Math.max(sumOperands.length * 2, sumSize + variables));
        }
        System.arraycopy(terms, 0, sumOperands, sumSize, variables);
        int h = append(SUM, sumSize, variables, 0);
        sumSize += variables;
        sumTable[at] = h + 1;
        if (++sumEntries * 2 > sumTable.length) {
            sumTable = rehashed(sumTable, this::sumHash);
        }
        return h;
    }

    @Override
    public void scale(int vertex, int factor) {
        if (factor != one) {
            emit(vertex, -1, factor);
        }
    }

    @Override
    public void accumulate(int target, int source, int factor) {
        if (factor != zero) {
            emit(target, source, factor);
        }
    }

    private void emit(int target, int source, int slot) {
        if (commandCount == commandTarget.length) {
            int capacity = commandCount * 2;
            commandTarget = Arrays.copyOf(commandTarget, capacity);
            commandSource = Arrays.copyOf(commandSource, capacity);
            commandSlot = Arrays.copyOf(commandSlot, capacity);
        }
        commandTarget[commandCount] = target;
        commandSource[commandCount] = source;
        commandSlot[commandCount] = slot;
        commandCount++;
    }

    /**
     * Compacts the tape into a {@link Trace}: keeps the operations that commands, edge weights or vertex rates
     * need, constants first, then dot products, then the rest in dependency order.
     *
     * @param vertexCount    vertices the commands refer to
     * @param edgeSource     per recorded edge, its source vertex
     * @param edgeTarget     per recorded edge, its target vertex
     * @param edgeWeightSlot per recorded edge, the slot of its weight (provisional numbering)
     * @param vertexRateSlot per vertex, the slot of its total rate, or -1 (provisional numbering)
     */
    Trace finish(int vertexCount, boolean discrete, int[] edgeSource, int[] edgeTarget, int[] edgeWeightSlot,
                 int[] vertexRateSlot) {
        if (storage.live.length < size) {
            storage.live = new boolean[Math.max(size, 2 * storage.live.length)];
            storage.renumber = new int[storage.live.length];
        }
        boolean[] live = storage.live;
        Arrays.fill(live, 0, size, false);
        for (int c = 0; c < commandCount; c++) {
            live[commandSlot[c]] = true;
        }
        for (int s : edgeWeightSlot) {
            live[s] = true;
        }
        for (int s : vertexRateSlot) {
            if (s >= 0) {
                live[s] = true;
            }
        }
        for (int s = size - 1; s >= 0; s--) {
            if (!live[s]) {
                continue;
            }
            switch (opcode[s]) {
                case ADD, MUL -> {
                    live[left[s]] = true;
                    live[right[s]] = true;
                }
                case INV -> live[left[s]] = true;
                case SUM -> {
                    for (int i = left[s]; i < left[s] + right[s]; i++) {
                        live[sumOperands[i]] = true;
                    }
                }
                default -> {
                }
            }
        }
        // live constants first, then live dot products, then the rest, each in tape order
        int constantCount = 0;
        int dotCount = 0;
        int next = 0;
        for (int s = 0; s < size; s++) {
            if (live[s]) {
                next++;
                if (opcode[s] == CONST) {
                    constantCount++;
                } else if (opcode[s] == DOT) {
                    dotCount++;
                }
            }
        }
        int[] renumber = storage.renumber;
        int nextConstant = 0;
        int nextDot = constantCount;
        int nextOther = constantCount + dotCount;
        for (int s = 0; s < size; s++) {
            if (!live[s]) {
                renumber[s] = -1;
            } else if (opcode[s] == CONST) {
                renumber[s] = nextConstant++;
            } else if (opcode[s] == DOT) {
                renumber[s] = nextDot++;
            } else {
                renumber[s] = nextOther++;
            }
        }
        byte[] op = new byte[next];
        int[] l = new int[next];
        int[] r = new int[next];
        double[] constantValues = new double[constantCount];
        int[] newSums = new int[sumSize];
        int newSumSize = 0;
        int[] newDotParameters = new int[dotSize];
        double[] newDotCoefficients = new double[dotSize];
        int newDotSize = 0;
        for (int s = 0; s < size; s++) {
            int t = renumber[s];
            if (t < 0) {
                continue;
            }
            op[t] = opcode[s];
            switch (opcode[s]) {
                case CONST -> constantValues[t] = constant[s];
                case DOT -> {
                    System.arraycopy(dotParameters, left[s], newDotParameters, newDotSize, right[s]);
                    System.arraycopy(dotCoefficients, left[s], newDotCoefficients, newDotSize, right[s]);
                    l[t] = newDotSize;
                    r[t] = right[s];
                    newDotSize += right[s];
                }
                case SUM -> {
                    l[t] = newSumSize;
                    r[t] = right[s];
                    for (int i = left[s]; i < left[s] + right[s]; i++) {
                        newSums[newSumSize++] = renumber[sumOperands[i]];
                    }
                }
                case INV -> l[t] = renumber[left[s]];
                default -> {
                    l[t] = renumber[left[s]];
                    r[t] = renumber[right[s]];
                }
            }
        }
        int[] slots = new int[commandCount];
        for (int c = 0; c < commandCount; c++) {
            slots[c] = renumber[commandSlot[c]];
        }
        int[] weights = new int[edgeWeightSlot.length];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = renumber[edgeWeightSlot[e]];
        }
        int[] rates = new int[vertexRateSlot.length];
        for (int v = 0; v < rates.length; v++) {
            rates[v] = vertexRateSlot[v] < 0 ? -1 : renumber[vertexRateSlot[v]];
        }
        Trace trace = new Trace(vertexCount, parameterCount, discrete, constantCount, constantValues, op, l, r,
                Arrays.copyOf(newSums, newSumSize), Arrays.copyOf(newDotParameters, newDotSize),
                Arrays.copyOf(newDotCoefficients, newDotSize), Arrays.copyOf(commandTarget, commandCount),
                Arrays.copyOf(commandSource, commandCount), slots, edgeSource, edgeTarget, weights, rates);
        leaveStorage();
        return trace;
    }

    /** Leaves this tape's arrays and tables, as they have grown, to the thread's next tape: this one is done. */
    private void leaveStorage() {
        storage.opcode = opcode;
        storage.left = left;
        storage.right = right;
        storage.constant = constant;
        storage.sumOperands = sumOperands;
        storage.dotParameters = dotParameters;
        storage.dotCoefficients = dotCoefficients;
        storage.commandTarget = commandTarget;
        storage.commandSource = commandSource;
        storage.commandSlot = commandSlot;
        if (storage.keepable()) {
            KEPT.set(storage);
        }
    }
}
