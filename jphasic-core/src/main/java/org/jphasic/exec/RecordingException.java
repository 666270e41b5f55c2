package org.jphasic.exec;

import org.jphasic.PhasicException;

/**
 * A work unit whose recording failed; names the unit's key and carries the cause. The whole recording fails
 * and nothing of it is cached.
 */
public class RecordingException extends PhasicException {
    private static final long serialVersionUID = 1L;
    /** The key of the unit that failed. */
    private final String unitKey;

    /**
     * @param unitKey the failed unit's key
     * @param message what happened
     * @param cause   the failure
     */
    public RecordingException(String unitKey, String message, Throwable cause) {
        super(message, cause);
        this.unitKey = unitKey;
    }

    /** @return the key of the unit that failed */
    public String unitKey() {
        return unitKey;
    }
}
