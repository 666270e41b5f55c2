package org.jphasic;

/**
 * A graph that does not describe a valid phase-type distribution: a negative, NaN or infinite weight, a
 * self-loop, an edge into the starting vertex, a non-absorbing vertex whose rates sum to zero, a closed class
 * with no path to absorption, initial probabilities summing above one, and the like. The message names the
 * offending vertex or edge.
 */
public class InvalidGraphException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message names the vertex or edge, what was found and what was expected
     */
    public InvalidGraphException(String message) {
        super(message);
    }

    /**
     * Creates an exception with its cause.
     *
     * @param message names the vertex or edge, what was found and what was expected
     * @param cause   the underlying failure
     */
    public InvalidGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
