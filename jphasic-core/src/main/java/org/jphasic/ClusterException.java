package org.jphasic;

/**
 * A cluster that cannot be used: none configured, no member reachable, members of a different jphasic version.
 * The message says how to start workers or which strategy to use instead.
 */
public class ClusterException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong and what to do
     */
    public ClusterException(String message) {
        super(message);
    }

    /**
     * Creates an exception with its cause.
     *
     * @param message what is wrong and what to do
     * @param cause   the underlying failure
     */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
