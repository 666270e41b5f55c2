package org.jphasic;

/**
 * A trace file that cannot be read: wrong magic number, unsupported format version, truncation, a checksum
 * mismatch, or a body that does not describe a valid trace. Never a wrong trace: every such file is rejected.
 */
public class TraceFormatException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong with the file and what to do
     */
    public TraceFormatException(String message) {
        super(message);
    }

    /**
     * Creates an exception with its cause.
     *
     * @param message what is wrong with the file and what to do
     * @param cause   the underlying failure
     */
    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
