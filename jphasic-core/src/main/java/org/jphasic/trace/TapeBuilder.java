package org.jphasic.trace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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

    private byte[] opcode = new byte[1024];
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private double[] constant = new double[1024];
    private int size;
    private int[] sumOperands = new int[1024];
    private int sumSize;
    private int[] dotParameters = new int[256];
    private double[] dotCoefficients = new double[256];
    private int dotSize;

    private final LongIntMap constants = new LongIntMap(16);
    private final LongIntMap adds;
    private final LongIntMap multiplies;
    private final LongIntMap inverses;
    private final Map<Key, Integer> sums = new HashMap<>();
    private final Map<Key, Integer> dots = new HashMap<>();   // forms of two or more terms
    private LongIntMap[] singleDots;                          // c·θ_p: [p], keyed by c's bits
    private final int zero;
    private final int one;

    private int[] commandTarget = new int[1024];
    private int[] commandSource = new int[1024];
    private int[] commandSlot = new int[1024];
    private int commandCount;

    /**
     * @param source         where {@link #weight(int)} reads edge weights from, or {@code null} when the tape is
     *                       assembled from other tapes (stitching)
     * @param parameterCount the length of θ
     */
    TapeBuilder(TraceSource source, int parameterCount) {
        this.source = source;
        this.parameterCount = parameterCount;
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
        this.adds = new LongIntMap(Math.max(16, parameterizedEdges));
        this.multiplies = new LongIntMap(Math.max(16, parameterizedEdges));
        this.inverses = new LongIntMap(Math.max(16, Math.min(parameterizedEdges, vertices)));
        this.zero = constant(0.0);
        this.one = constant(1.0);
    }

    /** Content key for SUM operand lists and DOT coefficient vectors. */
    private record Key(int[] ints, double[] doubles) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(ints, k.ints) && Arrays.equals(doubles, k.doubles);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ints) * 31 + Arrays.hashCode(doubles);
        }
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
        int[] parameters = new int[nonZero];
        double[] coefficients = new double[nonZero];
        int i = 0;
        for (int k = 0; k < parameterCount; k++) {
            double c = source.coefficient(e, k);
            if (c != 0) {
                parameters[i] = k;
                coefficients[i++] = c;
            }
        }
        return dot(parameters, coefficients);
    }

    /** Interns the linear form Σ c_i·θ_{p_i} (parameters increasing, coefficients non-zero). */
    private int dot(int[] parameters, double[] coefficients) {
        int nonZero = parameters.length;
        if (nonZero == 0) {
            return zero;
        }
        if (nonZero == 1) {
            return singleDot(parameters[0], coefficients[0]);
        }
        Key key = new Key(parameters, coefficients);
        Integer existing = dots.get(key);
        if (existing != null) {
            return existing;
        }
        if (dotSize + nonZero > dotParameters.length) {
            int capacity = Math.max(dotParameters.length * 2, dotSize + nonZero);
            dotParameters = Arrays.copyOf(dotParameters, capacity);
            dotCoefficients = Arrays.copyOf(dotCoefficients, capacity);
        }
        System.arraycopy(parameters, 0, dotParameters, dotSize, nonZero);
        System.arraycopy(coefficients, 0, dotCoefficients, dotSize, nonZero);
        int h = append(DOT, dotSize, nonZero, 0);
        dotSize += nonZero;
        dots.put(key, h);
        return h;
    }

    /**
     * Interns c·θ_p (c non-zero) without allocating: the most common weight, one rate parameter times a constant.
     * Keyed like {@link Key} (the coefficient's bits), so each form has one slot whichever way it is reached.
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
        double[] dense = new double[parameterCount];
        for (int i = 0; i < count; i++) {
            int h = handles[i];
            for (int j = left[h]; j < left[h] + right[h]; j++) {
                dense[dotParameters[j]] += dotCoefficients[j];
            }
        }
        int nonZero = 0;
        for (double c : dense) {
            if (c != 0) {
                nonZero++;
            }
        }
        int[] parameters = new int[nonZero];
        double[] coefficients = new double[nonZero];
        int i = 0;
        for (int k = 0; k < parameterCount; k++) {
            if (dense[k] != 0) {
                parameters[i] = k;
                coefficients[i++] = dense[k];
            }
        }
        return dot(parameters, coefficients);
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
            return mergeDots(new int[] {a, b}, 2);
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
        int[] terms = new int[count + 1];
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
        int[] operands = Arrays.copyOf(terms, variables);
        Key key = new Key(operands, null);
        Integer existing = sums.get(key);
        if (existing != null) {
            return existing;
        }
        if (sumSize + variables > sumOperands.length) {
            sumOperands = Arrays.copyOf(sumOperands, Math.max(sumOperands.length * 2, sumSize + variables));
        }
        System.arraycopy(operands, 0, sumOperands, sumSize, variables);
        int h = append(SUM, sumSize, variables, 0);
        sumSize += variables;
        sums.put(key, h);
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
        boolean[] live = new boolean[size];
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
        int[] renumber = new int[size];
        Arrays.fill(renumber, -1);
        int next = 0;
        for (byte phase : new byte[] {CONST, DOT, -1}) {
            for (int s = 0; s < size; s++) {
                boolean inPhase = phase < 0 ? opcode[s] != CONST && opcode[s] != DOT : opcode[s] == phase;
                if (live[s] && inPhase) {
                    renumber[s] = next++;
                }
            }
        }
        int constantCount = 0;
        for (int s = 0; s < size; s++) {
            if (live[s] && opcode[s] == CONST) {
                constantCount++;
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
        return new Trace(vertexCount, parameterCount, discrete, constantCount, constantValues, op, l, r,
                Arrays.copyOf(newSums, newSumSize), Arrays.copyOf(newDotParameters, newDotSize),
                Arrays.copyOf(newDotCoefficients, newDotSize), Arrays.copyOf(commandTarget, commandCount),
                Arrays.copyOf(commandSource, commandCount), slots, edgeSource, edgeTarget, weights, rates);
    }
}
