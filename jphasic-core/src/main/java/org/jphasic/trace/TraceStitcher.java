package org.jphasic.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Assembles the trace of a whole graph from relocatable unit traces (block back-substitution: see
 * {@link org.jphasic.moments.Elimination}). Constants and dot products are shared across units; each unit's
 * computed operations are copied with their operand slots offset; each unit's commands are copied with local
 * vertices and exits renamed to global vertices. Units must be appended downstream first, so that every unit's
 * exits are final when its commands run; the result evaluates to what direct recording gives.
 *
 * <pre>{@code
 * TraceStitcher s = new TraceStitcher(graph.vertexCount(), graph.edgeCount(), graph.parameterCount(), false);
 * for (Unit u : unitsDownstreamFirst) {
 *     s.append(u.trace(), u.vertexMap(), u.edgeMap());
 * }
 * Trace whole = s.finish(edgeSources, edgeTargets);
 * }</pre>
 *
 * <p>Cost O(Σ unit tape sizes + commands), a linear copy. Not thread-safe.
 */
public final class TraceStitcher {
    private final int vertexCount;
    private final int edgeCount;
    private final int parameterCount;
    private final boolean discrete;
    private final List<Part> parts = new ArrayList<>();

    private record Part(Trace trace, int[] vertexMap, int[] edgeMap) {
    }

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
    }

    /**
     * Appends one unit; units come downstream first.
     *
     * @param unit      the unit's trace, over local vertices (owned ones first, then exits)
     * @param vertexMap local vertex → global vertex, length {@code unit.vertexCount()}. Not modified, kept.
     * @param edgeMap   local edge → global edge, length {@code unit.edgeCount()}. Not modified, kept.
     * @throws IllegalArgumentException if the unit's parameter count or map lengths do not fit
     */
    public void append(Trace unit, int[] vertexMap, int[] edgeMap) {
        if (unit.parameterCount != parameterCount) {
            throw new IllegalArgumentException("unit trace has " + unit.parameterCount + " parameters, the graph "
                    + parameterCount);
        }
        if (vertexMap.length != unit.vertexCount || edgeMap.length != unit.edgeCount()) {
            throw new IllegalArgumentException("vertex or edge map does not match the unit trace");
        }
        parts.add(new Part(unit, vertexMap, edgeMap));
    }

    /**
     * Finishes the whole-graph trace on the calling thread.
     *
     * @param edgeSource the source of every global edge. Not modified.
     * @param edgeTarget the target of every global edge. Not modified.
     * @return the trace
     * @throws IllegalStateException if some edge was covered by no unit
     */
    public Trace finish(int[] edgeSource, int[] edgeTarget) {
        return finish(edgeSource, edgeTarget, false);
    }

    /**
     * Finishes the whole-graph trace, copying the units in parallel (on the common fork-join pool) if asked. Each
     * unit's operations, sum operands and commands go to a range of the result fixed before any is copied, so the
     * trace is the same, bit for bit, either way.
     *
     * @param edgeSource the source of every global edge. Not modified.
     * @param edgeTarget the target of every global edge. Not modified.
     * @param parallel   whether to copy the units in parallel
     * @return the trace
     * @throws IllegalStateException if some edge was covered by no unit
     */
    public Trace finish(int[] edgeSource, int[] edgeTarget, boolean parallel) {
        // shared constants and dot products first
        LongIntMap constantIndex = new LongIntMap(1024);
        List<Double> constants = new ArrayList<>();
        Map<Dot, Integer> dotIndex = new HashMap<>();
        List<Dot> dots = new ArrayList<>();
        int computed = 0;
        int sums = 0;
        int commands = 0;
        int[][] slotMaps = new int[parts.size()][];
        // where each unit's computed operations, sum operands and commands start, relative to the first of each
        int[] computedStart = new int[parts.size()];
        int[] sumStart = new int[parts.size()];
        int[] commandStart = new int[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            Trace t = parts.get(p).trace;
            computedStart[p] = computed;
            sumStart[p] = sums;
            commandStart[p] = commands;
            int[] map = new int[t.size()];
            for (int s = 0; s < t.constantCount; s++) {
                long bits = Double.doubleToLongBits(t.constants[s] == 0.0 ? 0.0 : t.constants[s]);
                int id = constantIndex.get(bits);
                if (id < 0) {
                    id = constants.size();
                    constants.add(t.constants[s]);
                    constantIndex.put(bits, id);
                }
                map[s] = id;
            }
            for (int s = t.constantCount; s < t.size(); s++) {
                if (t.opcode[s] == Operation.DOT.code()) {
                    int l = t.left[s];
                    Dot d = new Dot(Arrays.copyOfRange(t.dotParameters, l, l + t.right[s]),
                            Arrays.copyOfRange(t.dotCoefficients, l, l + t.right[s]));
                    Integer id = dotIndex.get(d);
                    if (id == null) {
                        id = dots.size();
                        dots.add(d);
                        dotIndex.put(d, id);
                    }
                    map[s] = -1 - id; // resolved once the constant count is known
                } else {
                    computed++;
                    if (t.opcode[s] == Operation.SUM.code()) {
                        sums += t.right[s];
                    }
                }
            }
            commands += t.commandCount();
            slotMaps[p] = map;
        }
        int constantCount = constants.size();
        int size = constantCount + dots.size() + computed;
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
        int[] sumOperands = new int[sums];
        int firstComputed = constantCount + dots.size();
        int[] target = new int[commands];
        int[] source = new int[commands];
        int[] commandSlot = new int[commands];
        int[] edgeWeightSlot = new int[edgeCount];
        Arrays.fill(edgeWeightSlot, -1);
        int[] vertexRateSlot = new int[vertexCount];
        Arrays.fill(vertexRateSlot, -1);
        // every unit writes its own ranges, its own edges and its own (owned) vertices only
        IntConsumer copy = p -> {
            Part part = parts.get(p);
            Trace t = part.trace;
            int[] map = slotMaps[p];
            int next = firstComputed + computedStart[p];
            int sumSize = sumStart[p];
            for (int s = t.constantCount; s < t.size(); s++) {
                if (map[s] < 0 && t.opcode[s] == Operation.DOT.code()) {
                    map[s] = constantCount + (-1 - map[s]);
                    continue;
                }
                int slot = next++;
                map[s] = slot;
                byte op = t.opcode[s];
                opcode[slot] = op;
                if (op == Operation.SUM.code()) {
                    left[slot] = sumSize;
                    right[slot] = t.right[s];
                    for (int i = t.left[s]; i < t.left[s] + t.right[s]; i++) {
                        sumOperands[sumSize++] = map[t.sumOperands[i]];
                    }
                } else {
                    left[slot] = map[t.left[s]];
                    right[slot] = op == Operation.INV.code() ? 0 : map[t.right[s]];
                }
            }
            int[] vertexMap = part.vertexMap;
            int command = commandStart[p];
            for (int c = 0; c < t.commandCount(); c++) {
                target[command] = vertexMap[t.commandTarget[c]];
                source[command] = t.commandSource[c] < 0 ? -1 : vertexMap[t.commandSource[c]];
                commandSlot[command++] = map[t.commandSlot[c]];
            }
            for (int e = 0; e < part.edgeMap.length; e++) {
                edgeWeightSlot[part.edgeMap[e]] = map[t.edgeWeightSlot[e]];
            }
            for (int v = 0; v < t.vertexRateSlot.length; v++) {
                if (t.vertexRateSlot[v] >= 0) {
                    vertexRateSlot[vertexMap[v]] = map[t.vertexRateSlot[v]];
                }
            }
        };
        if (parallel) {
            IntStream.range(0, parts.size()).parallel().forEach(copy);
        } else {
            for (int p = 0; p < parts.size(); p++) {
                copy.accept(p);
            }
        }
        for (int e = 0; e < edgeCount; e++) {
            if (edgeWeightSlot[e] < 0) {
                throw new IllegalStateException("edge " + e + " (" + edgeSource[e] + " -> " + edgeTarget[e]
                        + ") belongs to no unit");
            }
        }
        return new Trace(vertexCount, parameterCount, discrete, constantCount, constantValues, opcode, left, right,
                sumOperands, dotParameters, dotCoefficients, target, source, commandSlot, edgeSource.clone(),
                edgeTarget.clone(), edgeWeightSlot, vertexRateSlot);
    }
}
