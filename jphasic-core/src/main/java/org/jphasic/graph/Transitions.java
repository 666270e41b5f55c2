package org.jphasic.graph;

/**
 * Where a {@link TransitionFunction} reports the transitions out of one state.
 */
public interface Transitions {
    /**
     * Reports a transition with a constant rate (a jump probability in a discrete model).
     *
     * @param target the next state. Not modified and not kept: the array may be reused.
     * @param rate   the rate, finite and non-negative
     */
    void add(int[] target, double rate);

    /**
     * Reports a transition whose rate is c·θ.
     *
     * @param target       the next state. Not modified and not kept.
     * @param coefficients c, one per parameter. Not modified and not kept.
     */
    void addParameterized(int[] target, double... coefficients);
}
