package org.jphasic;

/**
 * A trace cache that cannot be used: its directory is a file, cannot be created or is not writable. The message
 * names the directory and the way out ({@code --cache-dir} elsewhere, or {@code --no-cache}). Damaged entries
 * are not errors: they are reported, removed and recomputed.
 */
public class CacheException extends PhasicException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message names the directory, what is wrong and what to do
     * @param cause   the underlying failure, or null
     */
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
