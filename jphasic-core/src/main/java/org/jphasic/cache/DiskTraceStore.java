package org.jphasic.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jphasic.CacheException;
import org.jphasic.TraceFormatException;
import org.jphasic.io.AtomicFiles;
import org.jphasic.io.TraceFile;
import org.jphasic.trace.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed trace cache on disk: {@code <root>/v1/<kind>/<first two hex>/<hex>.trace}, each file a
 * {@link TraceFile} carrying its full key and a CRC32C checksum (entries written with SHA-256 are read too).
 * Writes go to a unique temporary file in the same directory and are renamed atomically, so concurrent writers
 * of the same key — threads or processes — each leave a complete file and readers never see a partial one. A
 * truncated, corrupt or wrong-version entry, or something else in its place, is reported (warning), removed and
 * treated as a miss: never returned. Opening the store proves it writable through the empty file
 * {@code <root>/v1/.writable}, without changing the directory once that file exists.
 *
 * <p>The root is {@code --cache-dir}, else {@code $JPHASIC_CACHE_DIR}, else {@code ~/.cache/jphasic}
 * ({@link #defaultRoot()}).
 *
 * <pre>{@code
 * DiskTraceStore store = DiskTraceStore.open(DiskTraceStore.defaultRoot());
 * Trace t = store.get(TraceKind.UNIT, key);   // null on a miss
 * }</pre>
 */
public final class DiskTraceStore implements TraceStore {
    /** The layout version, the first directory level under the root. */
    public static final String LAYOUT = "v1";
    private static final Logger LOG = LoggerFactory.getLogger(DiskTraceStore.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-z][0-9a-z-]{3,127}");
    private static final String SUFFIX = ".trace";
    /** The file under the layout directory that {@link #open} opens for writing to prove the cache writable. */
    private static final String PROBE = ".writable";

    private final Path root;
    private final Path base;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong nanosSaved = new AtomicLong();
    /** Shard directories this store has created or seen, so a write costs no directory system call. */
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

    private DiskTraceStore(Path root) {
        this.root = root;
        this.base = root.resolve(LAYOUT);
    }

    /**
     * @return {@code $JPHASIC_CACHE_DIR} if set, else {@code ~/.cache/jphasic}
     */
    public static Path defaultRoot() {
        String env = System.getenv("JPHASIC_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "jphasic");
    }

    /**
     * Opens (creating if needed) the cache under a root directory and checks that it can be written.
     *
     * @param root the cache root
     * @return the store
     * @throws CacheException if the root is a file, cannot be created or is not writable
     */
    public static DiskTraceStore open(Path root) {
        DiskTraceStore store = new DiskTraceStore(root);
        Path base = store.base;
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new CacheException("cache directory " + root + " is a file, not a directory. Remove it, choose "
                        + "another directory with --cache-dir, or run with --no-cache", null);
            }
            Files.createDirectories(base);
            proveWritable(base);
        } catch (FileAlreadyExistsException e) {
            throw new CacheException("cannot use cache directory " + root + ": " + e.getFile() + " is in the way (a "
                    + "file where a directory belongs). Remove it, choose another directory with --cache-dir, or run "
                    + "with --no-cache", e);
        } catch (IOException e) {
            throw new CacheException("cache directory " + root + " cannot be created or written (" + e + "). "
                    + "Choose another directory with --cache-dir, or run with --no-cache", e);
        }
        return store;
    }

    /**
     * Proves that entries can be written under {@code base}: the kernel opens the store's probe file for writing
     * (creating it on the first open) and grants write access to the directory, which it decides as it would for
     * creating an entry — with the caller's privileges, and refusing on a read-only file system. Neither changes
     * the directory once the probe file exists; creating and deleting a file did, and right after a recording had
     * written hundreds of entries that waited for the file system's journal (0.7–1.1 ms against 0.03–0.07 ms).
     */
    private static void proveWritable(Path base) throws IOException {
        Path probe = base.resolve(PROBE);
        try (SeekableByteChannel ignored = Files.newByteChannel(probe, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            // opening for writing is the proof; nothing is written
        }
        if (!Files.isWritable(base)) {
            throw new AccessDeniedException(base.toString(), null, "the directory is not writable");
        }
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    /**
     * @param kind a level
     * @param key  a key
     * @return where its entry lives
     */
    public Path path(TraceKind kind, String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("malformed cache key '" + key + "'");
        }
        String hex = hexOf(key);
        return base.resolve(kind.directory()).resolve(hex.substring(0, 2)).resolve(hex + SUFFIX);
    }

    /** The digest part of a key: a rendered graph key {@code v1-<hex>} or a bare hex key. */
    private static String hexOf(String key) {
        int dash = key.indexOf('-');
        return dash >= 0 ? key.substring(dash + 1) : key;
    }

    @Override
    public Trace get(TraceKind kind, String key) {
        Path file = path(kind, key);
        if (!Files.exists(file)) {
            misses.incrementAndGet();
            return null;
        }
        try {
            long length = Files.size(file);
            // decoded as it is read: the body is copied once, from the file into the trace's arrays
            TraceFile.Contents contents = TraceFile.read(file);
            String expected = kind.directory() + ":" + key;
            if (!contents.key().equals(expected)) {
                throw new TraceFormatException("it holds key '" + contents.key() + "', not '" + expected + "'");
            }
            hits.incrementAndGet();
            bytesRead.addAndGet(length);
            nanosSaved.addAndGet(contents.recordingNanos());
            return contents.trace();
        } catch (IOException | TraceFormatException e) {
            corrupt.incrementAndGet();
            misses.incrementAndGet();
            LOG.warn("cache entry {} is unreadable ({}); removed, it will be recomputed", file, e.getMessage());
            remove(file);
            return null;
        }
    }

    @Override
    public void put(TraceKind kind, String key, Trace trace, long recordingNanos) {
        Path file = path(kind, key);
        // CRC32C: a cache entry guards against accidental damage only, and is checked on every warm read
        byte[] bytes = TraceFile.toBytes(trace, kind.directory() + ":" + key, recordingNanos, false,
                TraceFile.Checksum.CRC32C);
        try {
            try {
                writeEntry(file, bytes);
            } catch (NoSuchFileException e) {
                // the shard directory went away (another process cleared the cache): create it again, once
                knownDirectories.remove(file.getParent());
                writeEntry(file, bytes);
            }
            writes.incrementAndGet();
            bytesWritten.addAndGet(bytes.length);
        } catch (IOException | UncheckedIOException e) {
            writeFailures.incrementAndGet();
            LOG.warn("cannot write cache entry {} ({}); the result is correct but was not cached", file,
                    e.getMessage());
        }
    }

    /** Writes atomically but not forced to disk: entries are checksummed, a short file after a crash is recomputed. */
    private void writeEntry(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        if (!knownDirectories.contains(dir)) {
            Files.createDirectories(dir);
            knownDirectories.add(dir);
        }
        AtomicFiles.writeBytes(file, bytes, false);
    }

    @Override
    public CacheStatistics statistics() {
        return new CacheStatistics(hits.get(), 0, misses.get(), corrupt.get(), writes.get(), writeFailures.get(),
                bytesRead.get(), bytesWritten.get(), nanosSaved.get());
    }

    /**
     * What the cache holds.
     *
     * @param graphEntries entries of whole-graph traces
     * @param unitEntries  entries of unit traces
     * @param bytes        their total size
     * @param corrupt entries that failed verification (only from {@link #verify()})
     */
    public record Summary(long graphEntries, long unitEntries, long bytes, List<Path> corrupt) {
        /** @return all entries */
        public long entries() {
            return graphEntries + unitEntries;
        }
    }

    /**
     * Counts the entries without reading them.
     *
     * @return the summary (no corrupt list)
     */
    public Summary info() {
        return scan(false);
    }

    /**
     * Reads and checks every entry (checksum, body, key against the file name). Nothing is changed.
     *
     * @return the summary with the damaged entries
     */
    public Summary verify() {
        return scan(true);
    }

    private Summary scan(boolean check) {
        long[] counts = new long[2];
        long bytes = 0;
        List<Path> bad = new ArrayList<>();
        for (TraceKind kind : TraceKind.values()) {
            Path dir = base.resolve(kind.directory());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (f.equals(dir) || (Files.isDirectory(f) && !name.endsWith(SUFFIX))) {
                        continue;
                    }
                    if (!name.endsWith(SUFFIX)) {
                        continue; // temporary files of writes in progress
                    }
                    counts[kind.ordinal()]++;
                    if (Files.isRegularFile(f)) {
                        bytes += Files.size(f);
                    }
                    if (check && !valid(kind, f)) {
                        bad.add(f);
                    }
                }
            } catch (IOException e) {
                throw new CacheException("cannot read cache directory " + dir + ": " + e, e);
            }
        }
        return new Summary(counts[TraceKind.GRAPH.ordinal()], counts[TraceKind.UNIT.ordinal()], bytes, bad);
    }

    private static boolean valid(TraceKind kind, Path f) {
        String name = f.getFileName().toString();
        String hex = name.substring(0, name.length() - SUFFIX.length());
        String prefix = kind.directory() + ":";
        try {
            TraceFile.Contents c = TraceFile.read(f);
            return c.key().startsWith(prefix) && hexOf(c.key().substring(prefix.length())).equals(hex);
        } catch (IOException | TraceFormatException e) {
            return false;
        }
    }

    /**
     * Deletes every entry (and any leftover temporary file).
     *
     * @return the number of entries deleted
     */
    public long clear() {
        long deleted = info().entries();
        knownDirectories.clear();
        if (Files.exists(base)) {
            removeTree(base);
        }
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new CacheException("cannot recreate cache directory " + base + ": " + e, e);
        }
        return deleted;
    }

    private static void remove(Path file) {
        try {
            if (Files.isDirectory(file)) {
                removeTree(file);
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove damaged cache entry {}: {}", file, e.getMessage());
        }
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // removed concurrently
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "DiskTraceStore[" + root + "]";
    }
}
