package org.jphasic.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes files atomically: the content goes to a uniquely named temporary file in the target's directory, is
 * forced to disk, and is then renamed onto the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see
 * either the old file or the complete new one, never a half-written file; concurrent writers of the same target
 * never share a temporary file (the last rename wins). On any failure the temporary file is deleted and the
 * target is left as it was.
 *
 * <p>The temporary file is {@code .<name>.<16 random hex>.tmp} next to the target (same file system, so the
 * rename can be atomic), created with the default permissions. A file system that cannot rename atomically
 * makes the write fail with {@link java.nio.file.AtomicMoveNotSupportedException}; there is no non-atomic
 * fallback.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/graph.json"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int NAME_ATTEMPTS = 16;

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream, buffered; closing it is allowed but not needed. Modified.
         * @throws IOException if the content cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically.
     *
     * @param target  the file to create or replace; its directory must exist
     * @param content writes the bytes
     * @throws IOException if the directory does not exist or is not writable, the content fails, or the rename
     *                     fails; the target is then unchanged and no temporary file remains
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /**
     * Writes a file atomically, optionally without forcing it to disk first. Without the force the write is
     * still atomic for every reader, but a machine crash can leave the renamed file short: use it only for
     * content that is checksummed and can be recomputed, such as trace-cache entries (one fsync per cache entry
     * would dominate a recording of many small units).
     *
     * @param target  the file to create or replace; its directory must exist
     * @param content writes the bytes
     * @param force   whether to force the content to disk before the rename
     * @throws IOException as {@link #write(Path, Content)}
     */
    public static void write(Path target, Content content, boolean force) throws IOException {
        writeThrough(target, channel -> {
            try (OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)),
                    BUFFER_BYTES)) {
                content.writeTo(out);
                out.flush();
            }
        }, force);
    }

    /** Fills the temporary file through its channel; the channel is closed by the caller. */
    @FunctionalInterface
    private interface ChannelContent {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static void writeThrough(Path target, ChannelContent content, boolean force) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new IOException("cannot write '" + target + "': it names no file inside a directory");
        }
        String name = absolute.getFileName().toString();
        FileChannel channel = null;
        Path temporary = null;
        for (int attempt = 0; attempt < NAME_ATTEMPTS && channel == null; attempt++) {
            byte[] suffix = new byte[8];
            RANDOM.nextBytes(suffix);
            temporary = directory.resolve("." + name + "." + HexFormat.of().formatHex(suffix) + ".tmp");
            try {
                channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                channel = null; // a name collision with another writer: draw another name
            }
        }
        if (channel == null) {
            throw new IOException("cannot create a temporary file next to '" + absolute + "': " + NAME_ATTEMPTS
                    + " random names were all taken");
        }
        try {
            try (FileChannel open = channel) {
                content.writeTo(open);
                if (force) {
                    open.force(true);
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Writes bytes to a file atomically, as {@link #write(Path, Content)}.
     *
     * @param target the file to create or replace; its directory must exist
     * @param bytes  the content. Not modified.
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        writeBytes(target, bytes, true);
    }

    /**
     * Writes bytes to a file atomically, as {@link #write(Path, Content, boolean)}.
     *
     * @param target the file to create or replace; its directory must exist
     * @param bytes  the content. Not modified.
     * @param force  whether to force the content to disk before the rename
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void writeBytes(Path target, byte[] bytes, boolean force) throws IOException {
        // straight from the array: a stream's buffer per file costs more than the write of a small cache entry
        writeThrough(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }, force);
    }

    /** Lets content writers close their stream without closing the channel before it is forced to disk. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
