package org.jphasic;

/**
 * A graph file that cannot be read: malformed JSON, a missing or mistyped field, an array of the wrong shape,
 * an index out of range. The message names the field (and row), what was expected, what was found and what to
 * do.
 */
public class GraphFormatException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message names the field, what was expected and what was found
     */
    public GraphFormatException(String message) {
        super(message);
    }

    /**
     * Creates an exception with its cause.
     *
     * @param message names the field, what was expected and what was found
     * @param cause   the parser's failure
     */
    public GraphFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
