package org.jphasic;

/**
 * The unchecked base type of every error jphasic raises on purpose.
 *
 * <p>Each subtype names a kind of problem (an invalid graph, a malformed file, a bad parameter, an unusable
 * cache, an unreachable cluster); the message says what was found, what was expected and what to do. Code
 * that cannot continue after a jphasic error should catch this type; nothing in jphasic catches it and carries
 * on.
 */
public class PhasicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and what to do about it
     */
    public PhasicException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public PhasicException(String message, Throwable cause) {
        super(message, cause);
    }
}
