package org.jphasic.graph;

/**
 * A Markov model described as a callback: given a state, report the transitions out of it. States without
 * transitions are absorbing.
 *
 * <pre>{@code
 * TransitionFunction kingman = (state, out) -> {
 *     int k = state[0];
 *     if (k > 1) {
 *         out.add(new int[] {k - 1}, k * (k - 1) / 2.0);
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TransitionFunction {
    /**
     * Reports the transitions out of a state.
     *
     * @param state the state; a copy that may be modified during the call but must not be kept
     * @param out   receives the transitions
     */
    void transitions(int[] state, Transitions out);
}
