package org.jphasic;

/**
 * A bad argument to a computation: a parameter vector θ of the wrong length or one that makes a rate
 * negative, a reward vector of the wrong length, a negative moment order, and the like. The message names the
 * argument (and the edge or vertex it affects), what was expected and what was found.
 */
public class ParameterException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message names the argument, what was expected and what was found
     */
    public ParameterException(String message) {
        super(message);
    }
}
