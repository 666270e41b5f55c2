package org.jphasic.cache;

/**
 * What a trace store has done since it was opened.
 *
 * @param hits          lookups answered (from memory or disk)
 * @param memoryHits    of those, answered from the in-memory tier
 * @param misses        lookups not answered
 * @param corrupt       damaged entries found, reported and removed
 * @param writes        traces stored
 * @param writeFailures stores that failed (reported, not thrown)
 * @param bytesRead     bytes read from disk
 * @param bytesWritten  bytes written to disk
 * @param nanosSaved    recording time of the traces served from the cache
 */
public record CacheStatistics(long hits, long memoryHits, long misses, long corrupt, long writes, long writeFailures,
                              long bytesRead, long bytesWritten, long nanosSaved) {
    /** Statistics of a store that did nothing. */
    public static final CacheStatistics EMPTY = new CacheStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @param other statistics of another store
     * @return the sum
     */
    public CacheStatistics plus(CacheStatistics other) {
        return new CacheStatistics(hits + other.hits, memoryHits + other.memoryHits, misses + other.misses,
                corrupt + other.corrupt, writes + other.writes, writeFailures + other.writeFailures,
                bytesRead + other.bytesRead, bytesWritten + other.bytesWritten, nanosSaved + other.nanosSaved);
    }
}
