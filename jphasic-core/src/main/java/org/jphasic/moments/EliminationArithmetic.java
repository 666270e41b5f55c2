package org.jphasic.moments;

/**
 * The arithmetic that {@link Elimination#run(EliminationInput, EliminationArithmetic)} is written over, and the
 * sink for the reward program it produces.
 *
 * <p>Values are opaque {@code int} handles. The numeric instantiation keeps doubles in an array and writes a
 * {@link RewardProgram}; the trace recorder appends operations to a tape (with interning and constant folding)
 * and writes reward commands whose multipliers are tape slots. Because both consumers run the same elimination,
 * the numeric program and the recorded trace cannot disagree.
 */
public interface EliminationArithmetic {
    /**
     * @return the handle of the constant 0
     */
    int zero();

    /**
     * @param edge an edge of the {@link EliminationInput}
     * @return the handle of its weight
     */
    int weight(int edge);

    /**
     * @param a a handle
     * @param b a handle
     * @return the handle of a + b
     */
    int add(int a, int b);

    /**
     * @param a a handle
     * @param b a handle
     * @return the handle of a · b
     */
    int multiply(int a, int b);

    /**
     * @param a a handle
     * @return the handle of 1 / a
     */
    int reciprocal(int a);

    /**
     * @param handles the terms. Not modified.
     * @param count   how many of them, at least 1
     * @return the handle of their sum
     */
    int sum(int[] handles, int count);

    /**
     * Emits the reward command x[vertex] *= factor.
     *
     * @param vertex a vertex of the input
     * @param factor a handle
     */
    void scale(int vertex, int factor);

    /**
     * Emits the reward command x[target] += factor · x[source].
     *
     * @param target a vertex of the input
     * @param source a vertex of the input
     * @param factor a handle
     */
    void accumulate(int target, int source, int factor);

    /**
     * Marks the start of one component's elimination: handles created after the mark are not used once the
     * component is done, so an arithmetic may reclaim them in {@link #release(int)}.
     *
     * @return a mark
     */
    default int mark() {
        return 0;
    }

    /**
     * Ends a component's elimination.
     *
     * @param mark the mark returned by {@link #mark()} before the component
     */
    default void release(int mark) {
    }
}
