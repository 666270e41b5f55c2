package org.jphasic.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Assembles the trace of a whole graph from relocatable unit traces (block back-substitution: see
 * {@link org.jphasic.moments.Elimination}). Constants, dot products and computed operations are shared across
 * units: an operation a unit repeats from an earlier unit (symmetric states of a population model recompute the
 * same rate expressions in many components) is found and not computed again, so the stitched trace has exactly
 * the operations of direct recording. Each unit's commands are copied with local vertices and exits renamed to
 * global vertices, downstream units first, so that every unit's exits are final when its commands run; the result
 * evaluates to what direct recording gives.
 *
 * <pre>{@code
 * TraceStitcher s = new TraceStitcher(graph.vertexCount(), graph.edgeCount(), graph.parameterCount(), false);
 * for (Unit u : unitsUpstreamFirst) {
 *     s.append(u.trace(), u.vertexMap(), u.edgeMap());   // may run while later units are still being recorded
 * }
 * Trace whole = s.finish();
 * }</pre>
 *
 * <p>Cost O(Σ distinct unit tape sizes + commands): {@link #append} numbers a unit's operations at once, looking
 * up only those that could repeat an earlier unit's, and copies its commands, edges and rates with slot codes, so
 * that this work keeps pace with units being recorded; a trace appended again (for an identical unit) reuses its
 * numbering. {@link #finish} then turns the codes into slots, in one linear pass, and hands the stitcher's arrays to
 * the trace: it is called once, and nothing is appended after it. Not thread-safe: one thread at a time may call
 * it.
 */
public final class TraceStitcher {
    private final int vertexCount;
    private final int edgeCount;
    private final int parameterCount;
    private final boolean discrete;
    private int units;
    /** Whether {@link #finish} has handed the arrays to the trace. */
    private boolean finished;
    private final LongIntMap constantIndex = new LongIntMap(1024);
    private final List<Double> constants = new ArrayList<>();
    private final Map<Dot, Integer> dotIndex = new HashMap<>();
    private final List<Dot> dots = new ArrayList<>();
    private final Operations unique = new Operations();
    /** The codes of every trace appended, by identity: a trace appended again for another unit reuses them. */
    private final Map<Trace, int[]> codesOf = new IdentityHashMap<>();
    /**
     * The commands so far, global vertices and slot codes, filled from the end of the arrays: the units come
     * upstream first and the commands run downstream first, so each unit's go before those of the units before
     * it. {@link #firstCommand} is the first filled position.
     */
    private int[] commandTarget = new int[1024];
    private int[] commandSource = new int[1024];
    private int[] commandCode = new int[1024];
    private int firstCommand = 1024;
    /** Per global edge: source, target and weight code ({@link #NONE} until its unit is appended). */
    private final int[] edgeSource;
    private final int[] edgeTarget;
    private final int[] edgeWeightCode;
    /** Per global vertex: the code of its total rate, {@link #NONE} if it has none or is not owned yet. */
    private final int[] vertexRateCode;

    /** Content of a dot product, for sharing across units. */
    private record Dot(int[] parameters, double[] coefficients) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Dot d && Arrays.equals(parameters, d.parameters)
                    && Arrays.equals(coefficients, d.coefficients);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parameters) * 31 + Arrays.hashCode(coefficients);
        }
    }

    /**
     * @param vertexCount    vertices of the whole graph
     * @param edgeCount      edges of the whole graph
     * @param parameterCount the length of θ
     * @param discrete       whether the graph is discrete
     */
    public TraceStitcher(int vertexCount, int edgeCount, int parameterCount, boolean discrete) {
        this.vertexCount = vertexCount;
        this.edgeCount = edgeCount;
        this.parameterCount = parameterCount;
        this.discrete = discrete;
        this.edgeSource = new int[edgeCount];
        this.edgeTarget = new int[edgeCount];
        this.edgeWeightCode = new int[edgeCount];
        Arrays.fill(edgeWeightCode, NONE);
        this.vertexRateCode = new int[vertexCount];
        Arrays.fill(vertexRateCode, NONE);
    }

    /** @return the number of units appended so far */
    public int unitCount() {
        return units;
    }

    /**
     * Appends one unit, upstream units first, and gives every slot of its tape a code: a constant, a dot product
     * or a computed operation, each shared with the units before it (an operation is found by its opcode and its
     * operands' codes, so the same expression recorded in several units is computed once, as direct recording
     * would).
     *
     * @param unit      the unit's trace, over local vertices (owned ones first, then exits)
     * @param vertexMap local vertex → global vertex, length {@code unit.vertexCount()}. Not modified.
     * @param edgeMap   local edge → global edge, length {@code unit.edgeCount()}. Not modified.
     * @throws IllegalArgumentException if the unit's parameter count or map lengths do not fit
     * @throws IllegalStateException    if the stitcher has finished
     */
    public void append(Trace unit, int[] vertexMap, int[] edgeMap) {
        checkOpen();
        if (unit.parameterCount != parameterCount) {
            throw new IllegalArgumentException("unit trace has " + unit.parameterCount + " parameters, the graph "
                    + parameterCount);
        }
        if (vertexMap.length != unit.vertexCount || edgeMap.length != unit.edgeCount()) {
            throw new IllegalArgumentException("vertex or edge map does not match the unit trace");
        }
        int[] known = codesOf.get(unit);
        if (known != null) {
            // the same trace again (identical units are recorded once): every operation finds what it found the
            // first time, since operand codes and the tables' entries for them are the same, so its codes are too
            copy(unit, vertexMap, edgeMap, known);
            return;
        }
        unique.beginPart(unit, constants.size(), dots.size());
        int[] code = new int[unit.size()];
        for (int s = 0; s < unit.constantCount; s++) {
            long bits = Double.doubleToLongBits(unit.constants[s] == 0.0 ? 0.0 : unit.constants[s]);
            int id = constantIndex.get(bits);
            if (id < 0) {
                id = constants.size();
                constants.add(unit.constants[s]);
                constantIndex.put(bits, id);
            }
            code[s] = code(CONSTANT, id);
        }
        for (int s = unit.constantCount; s < unit.size(); s++) {
            byte op = unit.opcode[s];
            if (op == Operation.DOT.code()) {
                int l = unit.left[s];
                Dot d = new Dot(Arrays.copyOfRange(unit.dotParameters, l, l + unit.right[s]),
                        Arrays.copyOfRange(unit.dotCoefficients, l, l + unit.right[s]));
                Integer id = dotIndex.get(d);
                if (id == null) {
                    id = dots.size();
                    dots.add(d);
                    dotIndex.put(d, id);
                }
                code[s] = code(DOT, id);
            } else if (op == Operation.SUM.code()) {
                int[] operands = new int[unit.right[s]];
                for (int i = 0; i < operands.length; i++) {
                    operands[i] = code[unit.sumOperands[unit.left[s] + i]];
                }
                code[s] = code(COMPUTED, unique.sum(operands));
            } else {
                int a = code[unit.left[s]];
                int b = op == Operation.INV.code() ? 0 : code[unit.right[s]];
                if (op != Operation.INV.code() && Integer.compareUnsigned(a, b) > 0) { // ADD, MUL commute
                    int x = a;
                    a = b;
                    b = x;
                }
                code[s] = code(COMPUTED, unique.binary(op, a, b));
            }
        }
        codesOf.put(unit, code);
        copy(unit, vertexMap, edgeMap, code);
    }

    /**
     * Copies a unit's commands, edges and rates with global vertices and slot codes: its commands go just before
     * those of the units appended before it, its edges and owned vertices to their global places.
     */
    private void copy(Trace unit, int[] vertexMap, int[] edgeMap, int[] code) {
        int n = unit.commandCount();
        if (firstCommand < n) {
            int filled = commandTarget.length - firstCommand;
            int capacity = Math.max(filled + n, 2 * commandTarget.length);
            commandTarget = movedToEnd(commandTarget, firstCommand, capacity);
            commandSource = movedToEnd(commandSource, firstCommand, capacity);
            commandCode = movedToEnd(commandCode, firstCommand, capacity);
            firstCommand = capacity - filled;
        }
        int c0 = firstCommand - n;
        for (int c = 0; c < n; c++) {
            commandTarget[c0 + c] = vertexMap[unit.commandTarget[c]];
            commandSource[c0 + c] = unit.commandSource[c] < 0 ? -1 : vertexMap[unit.commandSource[c]];
            commandCode[c0 + c] = code[unit.commandSlot[c]];
        }
        firstCommand = c0;
        for (int e = 0; e < edgeMap.length; e++) {
            int global = edgeMap[e];
            edgeSource[global] = vertexMap[unit.edgeSource[e]];
            edgeTarget[global] = vertexMap[unit.edgeTarget[e]];
            edgeWeightCode[global] = code[unit.edgeWeightSlot[e]];
        }
        for (int v = 0; v < unit.vertexRateSlot.length; v++) {
            if (unit.vertexRateSlot[v] >= 0) {
                vertexRateCode[vertexMap[v]] = code[unit.vertexRateSlot[v]];
            }
        }
        units++;
    }

    /** @return a copy of {@code a} of length {@code capacity} with {@code a[from..]} at its end */
    private static int[] movedToEnd(int[] a, int from, int capacity) {
        int[] grown = new int[capacity];
        System.arraycopy(a, from, grown, capacity - (a.length - from), a.length - from);
        return grown;
    }

    /**
     * Finishes the whole-graph trace on the calling thread.
     *
     * @return the trace
     * @throws IllegalStateException if some edge was covered by no unit
     */
    public Trace finish() {
        return finish(false);
    }

    /**
     * Finishes the whole-graph trace, resolving operation codes to slots in parallel (on the common fork-join
     * pool) if asked. The operations were numbered, and the commands, edges and rates copied, as the units were
     * appended, each unit's commands to a range fixed by the order of the units, so the trace is the same, bit for
     * bit, either way. Every global edge's source and target come from the unit that owns it.
     *
     * @param parallel whether to resolve in parallel
     * @return the trace
     * @throws IllegalStateException if some edge was covered by no unit, or the stitcher has finished already
     */
    public Trace finish(boolean parallel) {
        checkOpen();
        for (int e = 0; e < edgeCount; e++) {
            if (edgeWeightCode[e] == NONE) {
                throw new IllegalStateException("edge " + e + " of the graph belongs to no unit");
            }
        }
        finished = true;
        int constantCount = constants.size();
        int firstComputed = constantCount + dots.size();
        int size = firstComputed + unique.count;
        byte[] opcode = new byte[size];
        int[] left = new int[size];
        int[] right = new int[size];
        double[] constantValues = new double[constantCount];
        for (int i = 0; i < constantCount; i++) {
            constantValues[i] = constants.get(i);
        }
        int dotEntries = 0;
        for (Dot d : dots) {
            dotEntries += d.parameters.length;
        }
        int[] dotParameters = new int[dotEntries];
        double[] dotCoefficients = new double[dotEntries];
        int entry = 0;
        for (int i = 0; i < dots.size(); i++) {
            Dot d = dots.get(i);
            int slot = constantCount + i;
            opcode[slot] = (byte) Operation.DOT.code();
            left[slot] = entry;
            right[slot] = d.parameters.length;
            System.arraycopy(d.parameters, 0, dotParameters, entry, d.parameters.length);
            System.arraycopy(d.coefficients, 0, dotCoefficients, entry, d.parameters.length);
            entry += d.parameters.length;
        }
        IntUnaryOperator slotOf = c -> switch (c >>> TAG_SHIFT) {
            case CONSTANT -> c & ID_MASK;
            case DOT -> constantCount + (c & ID_MASK);
            default -> firstComputed + (c & ID_MASK);
        };
        int[] sumOperands = new int[unique.sumOperandCount];
        int commands = commandTarget.length - firstCommand;
        int[] commandSlot = new int[commands];
        int[] edgeWeightSlot = new int[edgeCount];
        int[] vertexRateSlot = new int[vertexCount];
        // one pass turning codes into slots: each block writes the slots and sum operands of its own operations,
        // and its own entries of the commands, edges and rates, which were copied as the units came
        IntConsumer resolve = block -> {
            int end = Math.min(unique.count, (block + 1) * RESOLVE_BLOCK);
            for (int k = block * RESOLVE_BLOCK; k < end; k++) {
                int slot = firstComputed + k;
                byte op = unique.opcode[k];
                opcode[slot] = op;
                if (op == Operation.SUM.code()) {
                    left[slot] = unique.left[k];
                    right[slot] = unique.right[k];
                    for (int i = unique.left[k]; i < unique.left[k] + unique.right[k]; i++) {
                        sumOperands[i] = slotOf.applyAsInt(unique.sumOperands[i]);
                    }
                } else {
                    left[slot] = slotOf.applyAsInt(unique.left[k]);
                    right[slot] = op == Operation.INV.code() ? 0 : slotOf.applyAsInt(unique.right[k]);
                }
            }
            int from = block * RESOLVE_BLOCK;
            for (int c = from; c < Math.min(commands, from + RESOLVE_BLOCK); c++) {
                commandSlot[c] = slotOf.applyAsInt(commandCode[firstCommand + c]);
            }
            for (int e = from; e < Math.min(edgeCount, from + RESOLVE_BLOCK); e++) {
                edgeWeightSlot[e] = slotOf.applyAsInt(edgeWeightCode[e]);
            }
            for (int v = from; v < Math.min(vertexCount, from + RESOLVE_BLOCK); v++) {
                int code = vertexRateCode[v];
                vertexRateSlot[v] = code == NONE ? -1 : slotOf.applyAsInt(code);
            }
        };
        forEachBlock(Math.max(Math.max(unique.count, commands), Math.max(edgeCount, vertexCount)), resolve, parallel);
        // the arrays are the trace's from here on: nothing is appended after finishing
        int[] target = firstCommand == 0 ? commandTarget
                : Arrays.copyOfRange(commandTarget, firstCommand, commandTarget.length);
        int[] source = firstCommand == 0 ? commandSource
                : Arrays.copyOfRange(commandSource, firstCommand, commandSource.length);
        return new Trace(vertexCount, parameterCount, discrete, constantCount, constantValues, opcode, left, right,
                sumOperands, dotParameters, dotCoefficients, target, source, commandSlot, edgeSource, edgeTarget,
                edgeWeightSlot, vertexRateSlot);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this stitcher has finished its trace; start a new one for another graph");
        }
    }

    /** Runs {@code body} on the blocks of {@value #RESOLVE_BLOCK} that cover {@code n} entries. */
    private static void forEachBlock(int n, IntConsumer body, boolean parallel) {
        IntStream blocks = IntStream.range(0, (n + RESOLVE_BLOCK - 1) / RESOLVE_BLOCK);
        (parallel ? blocks.parallel() : blocks).forEach(body);
    }

    /** Entries resolved to their final slots per parallel task. */
    private static final int RESOLVE_BLOCK = 1 << 14;
    private static final int TAG_SHIFT = 30;
    private static final int ID_MASK = (1 << TAG_SHIFT) - 1;
    private static final int CONSTANT = 0;
    private static final int DOT = 1;
    private static final int COMPUTED = 2;
    /** No code: an edge or vertex no unit has given one (a valid code never has both top bits set). */
    private static final int NONE = -1;

    /** A slot's code: its kind in the top two bits (so codes compare as the final slots will), its index below. */
    private static int code(int kind, int id) {
        if (id > ID_MASK) {
            throw new IllegalStateException("the stitched trace has more than " + ID_MASK + " slots of one kind");
        }
        return (kind << TAG_SHIFT) | id;
    }

    /** The operand codes of a sum, compared in order (a sum's order fixes its rounding). */
    private record SumKey(int[] operands) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SumKey k && Arrays.equals(operands, k.operands);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(operands);
        }
    }

    /**
     * The distinct computed operations in tape order, operands as codes, with what finds an operation recorded
     * before. Every operation is listed under its later operand (its anchor), so a lookup walks the few
     * operations built on that operand. A unit repeating another's elimination looks up operations built on what
     * it just matched, which sit next to each other: the walk streams through the other unit's operations
     * instead of jumping around a hash table. A unit's own tape holds no operation twice, so only operations whose
     * computed operands all come from earlier units are looked up at all; a graph whose units share nothing pays
     * for little more than the copy.
     */
    private static final class Operations {
        private final Map<SumKey, Integer> sums = new HashMap<>();
        private int[] constantHead = new int[0];
        private int[] dotHead = new int[0];
        private int[] computedHead = new int[0];
        private int[] nextOnAnchor = new int[0];
        /** Both operand codes of an operation in one word, so that a walk reads one array besides the links. */
        private long[] operandPair = new long[0];
        byte[] opcode = new byte[0];
        int[] left = new int[0];
        int[] right = new int[0];
        int[] sumOperands = new int[0];
        int count;
        int sumOperandCount;
        /** The first operation of the unit being appended: those before it come from earlier units. */
        private int partFirst;

        /**
         * Starts a unit, making room for everything it can add, so that numbering it needs no further checks.
         *
         * @param t         the unit's trace
         * @param constants the distinct constants before it
         * @param dots      the distinct dot products before it
         */
        void beginPart(Trace t, int constants, int dots) {
            partFirst = count;
            int slots = t.size() - t.constantCount;
            constantHead = grownFilled(constantHead, constants + t.constantCount);
            dotHead = grownFilled(dotHead, dots + slots);
            computedHead = grownFilled(computedHead, count + slots);
            if (opcode.length < count + slots) {
                int capacity = Math.max(count + slots, opcode.length + (opcode.length >> 1));
                opcode = Arrays.copyOf(opcode, capacity);
                left = Arrays.copyOf(left, capacity);
                right = Arrays.copyOf(right, capacity);
                nextOnAnchor = Arrays.copyOf(nextOnAnchor, capacity);
                operandPair = Arrays.copyOf(operandPair, capacity);
            }
            int terms = sumOperandCount + t.sumOperands.length;
            if (sumOperands.length < terms) {
                int capacity = Math.max(terms, sumOperands.length + (sumOperands.length >> 1));
                sumOperands = Arrays.copyOf(sumOperands, capacity);
            }
        }

        /** @return {@code a} if it holds {@code n} entries, else a copy at least 1.5 times as long, -1 past the end */
        private static int[] grownFilled(int[] a, int n) {
            if (a.length >= n) {
                return a;
            }
            int[] grown = Arrays.copyOf(a, Math.max(n, a.length + (a.length >> 1)));
            Arrays.fill(grown, a.length, grown.length, -1);
            return grown;
        }

        /** Whether an operand code is a constant, a dot product, or an operation of an earlier part. */
        private boolean earlier(int code) {
            return code >>> TAG_SHIFT != COMPUTED || (code & ID_MASK) < partFirst;
        }

        private int head(int anchor) {
            int id = anchor & ID_MASK;
            return switch (anchor >>> TAG_SHIFT) {
                case CONSTANT -> constantHead[id];
                case DOT -> dotHead[id];
                default -> computedHead[id];
            };
        }

        private void setHead(int anchor, int k) {
            int id = anchor & ID_MASK;
            switch (anchor >>> TAG_SHIFT) {
                case CONSTANT -> constantHead[id] = k;
                case DOT -> dotHead[id] = k;
                default -> computedHead[id] = k;
            }
        }

        /** ADD and MUL with {@code a <= b} (unsigned), INV with {@code b = 0}. */
        int binary(byte op, int a, int b) {
            boolean inverse = op == Operation.INV.code();
            int anchor = inverse ? a : b;
            int first = head(anchor);
            long pair = ((long) a << 32) | (b & 0xFFFFFFFFL);
            if (earlier(a) && earlier(b)) {
                for (int k = first; k >= 0; k = nextOnAnchor[k]) {
                    if (operandPair[k] == pair && opcode[k] == op) {
                        return k;
                    }
                }
            }
            int k = append(op, a, b);
            operandPair[k] = pair;
            nextOnAnchor[k] = first;
            setHead(anchor, k);
            return k;
        }

        int sum(int[] operands) {
            boolean lookup = true;
            for (int c : operands) {
                lookup &= earlier(c);
            }
            SumKey key = new SumKey(operands);
            if (lookup) {
                Integer found = sums.get(key);
                if (found != null) {
                    return found;
                }
            }
            System.arraycopy(operands, 0, sumOperands, sumOperandCount, operands.length);
            int id = append((byte) Operation.SUM.code(), sumOperandCount, operands.length);
            nextOnAnchor[id] = -1;
            sumOperandCount += operands.length;
            sums.putIfAbsent(key, id);
            return id;
        }

        private int append(byte op, int a, int b) {
            opcode[count] = op;
            left[count] = a;
            right[count] = b;
            return count++;
        }
    }
}
