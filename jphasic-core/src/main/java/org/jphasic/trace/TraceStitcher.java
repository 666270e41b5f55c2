package org.jphasic.trace;

import java.util.Arrays;

/**
 * Assembles the trace of a whole graph from relocatable unit traces (block back-substitution: see
 * {@link org.jphasic.moments.Elimination}). Each unit's tape is appended with its slots renumbered — constants,
 * dot products and identical operations are shared across units — and its commands are appended with local
 * vertices and exits renamed to global vertices. Units must be appended downstream first, so that every
 * unit's exits are final when its commands run; the result evaluates to what direct recording gives.
 *
 * <pre>{@code
 * TraceStitcher s = new TraceStitcher(graph.vertexCount(), graph.edgeCount(), graph.parameterCount(), false);
 * for (Unit u : unitsDownstreamFirst) {
 *     s.append(u.trace(), u.vertexMap(), u.edgeMap());
 * }
 * Trace whole = s.finish(edgeSources, edgeTargets);
 * }</pre>
 *
 * <p>Cost O(Σ unit tape sizes + commands). Not thread-safe.
 */
public final class TraceStitcher {
    private final int vertexCount;
    private final int parameterCount;
    private final boolean discrete;
    private final TapeBuilder tape;
    private final int[] edgeWeightSlot;
    private final int[] vertexRateSlot;

    /**
     * @param vertexCount    vertices of the whole graph
     * @param edgeCount      edges of the whole graph
     * @param parameterCount the length of θ
     * @param discrete       whether the graph is discrete
     */
    public TraceStitcher(int vertexCount, int edgeCount, int parameterCount, boolean discrete) {
        this.vertexCount = vertexCount;
        this.parameterCount = parameterCount;
        this.discrete = discrete;
        this.tape = new TapeBuilder(null, parameterCount);
        this.edgeWeightSlot = new int[edgeCount];
        this.vertexRateSlot = new int[vertexCount];
        Arrays.fill(edgeWeightSlot, -1);
        Arrays.fill(vertexRateSlot, -1);
    }

    /**
     * Appends one unit.
     *
     * @param unit      the unit's trace, over local vertices (owned ones first, then exits)
     * @param vertexMap local vertex → global vertex, length {@code unit.vertexCount()}. Not modified.
     * @param edgeMap   local edge → global edge, length {@code unit.edgeCount()}. Not modified.
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
        int[] slot = new int[unit.size()];
        for (int s = 0; s < unit.constantCount; s++) {
            slot[s] = tape.constant(unit.constants[s]);
        }
        for (int s = unit.constantCount; s < unit.size(); s++) {
            int l = unit.left[s];
            int r = unit.right[s];
            slot[s] = switch (unit.opcode[s]) {
                case 1 -> tape.dot(Arrays.copyOfRange(unit.dotParameters, l, l + r),
                        Arrays.copyOfRange(unit.dotCoefficients, l, l + r));
                case 2 -> tape.add(slot[l], slot[r]);
                case 3 -> tape.multiply(slot[l], slot[r]);
                case 4 -> tape.reciprocal(slot[l]);
                case 5 -> {
                    int[] operands = new int[r];
                    for (int i = 0; i < r; i++) {
                        operands[i] = slot[unit.sumOperands[l + i]];
                    }
                    yield tape.sum(operands, r);
                }
                default -> throw new IllegalStateException("corrupt unit trace: opcode " + unit.opcode[s]);
            };
        }
        for (int c = 0; c < unit.commandTarget.length; c++) {
            int source = unit.commandSource[c];
            tape.emit(vertexMap[unit.commandTarget[c]], source < 0 ? -1 : vertexMap[source], slot[unit.commandSlot[c]]);
        }
        for (int e = 0; e < edgeMap.length; e++) {
            edgeWeightSlot[edgeMap[e]] = slot[unit.edgeWeightSlot[e]];
        }
        for (int v = 0; v < unit.vertexRateSlot.length; v++) {
            if (unit.vertexRateSlot[v] >= 0) {
                vertexRateSlot[vertexMap[v]] = slot[unit.vertexRateSlot[v]];
            }
        }
    }

    /**
     * Finishes the whole-graph trace.
     *
     * @param edgeSource the source of every global edge. Not modified.
     * @param edgeTarget the target of every global edge. Not modified.
     * @return the trace
     * @throws IllegalStateException if some edge was covered by no unit
     */
    public Trace finish(int[] edgeSource, int[] edgeTarget) {
        for (int e = 0; e < edgeWeightSlot.length; e++) {
            if (edgeWeightSlot[e] < 0) {
                throw new IllegalStateException("edge " + e + " (" + edgeSource[e] + " -> " + edgeTarget[e]
                        + ") belongs to no unit");
            }
        }
        return tape.finish(vertexCount, discrete, edgeSource.clone(), edgeTarget.clone(), edgeWeightSlot,
                vertexRateSlot);
    }
}
