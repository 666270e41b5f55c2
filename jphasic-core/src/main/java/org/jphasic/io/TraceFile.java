package org.jphasic.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jphasic.TraceFormatException;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEncoding;

/**
 * The binary trace file: a header, then the body of {@link TraceEncoding}, optionally deflate-compressed.
 *
 * <pre>
 * bytes 0-7   magic "JPHTRACE"
 * int32       format version: 1, or 2 when the checksum is CRC32C
 * int32       flags: bit 0 = body deflate-compressed; bit 1 = checksum is CRC32C (version 2 only)
 * int64       nanoseconds the recording took (0 if unknown): what a cache hit saves
 * int32       key length k (at most {@value #MAX_KEY_BYTES}), then k bytes of UTF-8: the content key
 * int64       stored body length (after compression)
 * int64       body length (before compression)
 * 32 bytes    SHA-256 of the uncompressed body; or, with flag bit 1, its CRC32C as an int32 and 28 zero bytes
 * ...         the stored body
 * </pre>
 * All integers little-endian. Files written with {@link Checksum#SHA_256} (every exported trace) are version 1,
 * byte for byte what earlier jphasic wrote; {@link Checksum#CRC32C}, for cache entries, which only need to catch
 * accidental damage and are read on every warm recording, makes the file version 2. Both versions are read. A
 * file with another magic or version, a truncated file, a checksum mismatch or a body that is not a valid trace
 * raises {@link TraceFormatException}; nothing is ever returned from a damaged file.
 *
 * <pre>{@code
 * byte[] bytes = TraceFile.toBytes(trace, key, true);
 * TraceFile.Contents back = TraceFile.fromBytes(bytes);   // back.trace().equals(trace)
 * }</pre>
 */
public final class TraceFile {
    /** The newest format version this code writes and reads; files with a SHA-256 checksum are still version 1. */
    public static final int FORMAT_VERSION = 2;
    /** The format version of files with a SHA-256 checksum. */
    private static final int SHA_256_VERSION = 1;
    /** The longest content key accepted. */
    public static final int MAX_KEY_BYTES = 1024;
    private static final byte[] MAGIC = "JPHTRACE".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAG_DEFLATE = 1;
    private static final int FLAG_CRC32C = 2;
    private static final int CHECKSUM_BYTES = 32;
    /** Bytes before the key: magic, version, flags, recording time, key length. */
    private static final int FIXED_HEADER_BYTES = 28;
    /** The longest header: the fixed part, the longest key, the two lengths and the checksum. */
    private static final int MAX_HEADER_BYTES = FIXED_HEADER_BYTES + MAX_KEY_BYTES + 16 + CHECKSUM_BYTES;

    /** How a file's body is checksummed. */
    public enum Checksum {
        /** SHA-256, the format of exported traces (version 1): detects any change, deliberate or not. */
        SHA_256,
        /**
         * CRC32C (version 2), for cache entries: detects every burst of up to 32 flipped bits and other accidental
         * damage with probability 1 − 2⁻³², at a small fraction of SHA-256's cost; the full body validation
         * that follows still rules out index errors.
         */
        CRC32C
    }

    private TraceFile() {
    }

    /**
     * What a trace file holds.
     *
     * @param key            the content key it was stored under (may be empty)
     * @param trace          the trace
     * @param recordingNanos how long recording it took, 0 if unknown
     */
    public record Contents(String key, Trace trace, long recordingNanos) {
    }

    /**
     * Encodes a trace file.
     *
     * @param trace    the trace
     * @param key      its content key (empty if none)
     * @param compress whether to deflate the body
     * @return the file's bytes
     */
    public static byte[] toBytes(Trace trace, String key, boolean compress) {
        return toBytes(trace, key, 0, compress);
    }

    /**
     * Encodes a trace file with its recording time.
     *
     * @param trace          the trace
     * @param key            its content key (empty if none)
     * @param recordingNanos how long recording it took
     * @param compress       whether to deflate the body
     * @return the file's bytes
     */
    public static byte[] toBytes(Trace trace, String key, long recordingNanos, boolean compress) {
        return toBytes(trace, key, recordingNanos, compress, Checksum.SHA_256);
    }

    /**
     * Encodes a trace file with its recording time and a choice of checksum.
     *
     * @param trace          the trace
     * @param key            its content key (empty if none)
     * @param recordingNanos how long recording it took
     * @param compress       whether to deflate the body
     * @param checksum       how the body is checksummed; {@link Checksum#CRC32C} makes a version 2 file
     * @return the file's bytes
     */
    public static byte[] toBytes(Trace trace, String key, long recordingNanos, boolean compress, Checksum checksum) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes");
        }
        boolean crc = checksum == Checksum.CRC32C;
        int header = FIXED_HEADER_BYTES + keyBytes.length + 16 + CHECKSUM_BYTES;
        // uncompressed, the body is encoded straight into the file's array: one allocation, no copy
        byte[] encoded = compress ? TraceEncoding.encode(trace) : null;
        byte[] deflated = compress ? deflate(encoded) : null;
        int bodyLength = TraceEncoding.encodedSize(trace);
        int storedLength = compress ? deflated.length : bodyLength;
        ByteBuffer b = ByteBuffer.allocate(header + storedLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(crc ? FORMAT_VERSION : SHA_256_VERSION)
                .putInt((compress ? FLAG_DEFLATE : 0) | (crc ? FLAG_CRC32C : 0)).putLong(Math.max(0, recordingNanos))
                .putInt(keyBytes.length).put(keyBytes).putLong(storedLength).putLong(bodyLength);
        int checksumAt = b.position();
        b.position(header);
        byte[] body;
        int bodyAt;
        if (compress) {
            b.put(deflated);
            body = encoded;
            bodyAt = 0;
        } else {
            TraceEncoding.encode(trace, b);
            body = b.array();
            bodyAt = header;
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("trace body is " + (b.position() - header) + " bytes, not the "
                    + storedLength + " announced");
        }
        b.position(checksumAt);
        if (crc) {
            b.putInt(crc32c(body, bodyAt, bodyLength));
        } else {
            b.put(sha256(body, bodyAt, bodyLength));
        }
        return b.array();
    }

    /**
     * Writes a trace file to a stream.
     *
     * @param trace    the trace
     * @param key      its content key (empty if none)
     * @param out      the stream; not closed
     * @param compress whether to deflate the body
     * @throws IOException if writing fails
     */
    public static void write(Trace trace, String key, OutputStream out, boolean compress) throws IOException {
        out.write(toBytes(trace, key, compress));
    }

    /**
     * Reads a whole trace file from a stream.
     *
     * @param in the stream; read to its end, not closed
     * @return the key and the trace
     * @throws IOException          if reading fails
     * @throws TraceFormatException if the contents are not a valid trace file
     */
    public static Contents read(InputStream in) throws IOException {
        return fromBytes(in.readAllBytes());
    }

    /**
     * Reads a trace file. An uncompressed file with a CRC32C (a cache entry) is decoded as it is read, through a
     * window of {@link TraceEncoding#WINDOW_BYTES} bytes, so that its body is copied once, straight into the
     * trace's arrays; the checksum is computed on the way and compared before the trace is returned. Other files
     * are read whole and decoded as {@link #fromBytes(byte[])} does.
     *
     * @param file the file
     * @return the key and the trace
     * @throws IOException          if reading fails
     * @throws TraceFormatException if the contents are not a valid trace file
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileLength = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(fileLength, MAX_HEADER_BYTES));
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // the header is read whole or up to the end of the file
            }
            byte[] headBytes = head.array();
            Header header = header(headBytes, head.position(), fileLength);
            if (header.compressed() || !header.crc32c()) {
                if (fileLength > Integer.MAX_VALUE - 64) {
                    throw new TraceFormatException("trace file " + file + " has " + fileLength + " bytes, more than "
                            + "a trace file can hold; the file is damaged or not a trace");
                }
                return fromBytes(Files.readAllBytes(file));
            }
            channel.position(header.bodyAt());
            CRC32C crc = new CRC32C();
            TraceEncoding.Pieces pieces = into -> {
                int at = into.position();
                int n = channel.read(into);
                if (n > 0) {
                    crc.update(into.duplicate().position(at).limit(at + n));
                }
                return n;
            };
            Trace trace;
            try {
                trace = TraceEncoding.decode(pieces, header.bodyLength());
            } catch (TraceFormatException e) {
                // a damaged body usually fails validation before its end: the checksum tells damage apart from
                // a body jphasic did not write
                ByteBuffer drain = ByteBuffer.allocate(1 << 16);
                while (pieces.read(drain.clear()) >= 0) {
                    // checksums the rest of the body
                }
                if ((int) crc.getValue() != header.declaredCrc()) {
                    TraceFormatException mismatch = crcMismatch();
                    mismatch.addSuppressed(e);
                    throw mismatch;
                }
                throw e;
            }
            if ((int) crc.getValue() != header.declaredCrc()) {
                throw crcMismatch();
            }
            return new Contents(header.key(), trace, header.recordingNanos());
        }
    }

    /**
     * Decodes a trace file.
     *
     * @param bytes the whole file. Not modified.
     * @return the key and the trace
     * @throws TraceFormatException if the bytes are not a valid trace file
     */
    public static Contents fromBytes(byte[] bytes) {
        Header header = header(bytes, bytes.length, bytes.length);
        // the body is checksummed and decoded where it lies in the file's bytes unless it must be inflated
        byte[] body = bytes;
        int bodyAt = header.bodyAt();
        int bodyLength = (int) header.bodyLength();
        if (header.compressed()) {
            body = inflate(Arrays.copyOfRange(bytes, bodyAt, bytes.length), bodyLength);
            bodyAt = 0;
        }
        if (header.crc32c()) {
            if (header.declaredCrc() != crc32c(body, bodyAt, bodyLength)) {
                throw crcMismatch();
            }
        } else {
            MessageDigest sha = HashEncoder.newSha256();
            sha.update(body, bodyAt, bodyLength);
            int checksumAt = header.bodyAt() - CHECKSUM_BYTES;
            if (!Arrays.equals(bytes, checksumAt, checksumAt + CHECKSUM_BYTES, sha.digest(), 0, CHECKSUM_BYTES)) {
                throw new TraceFormatException("trace file checksum mismatch: the body is corrupted. Delete the file "
                        + "and record the trace again");
            }
        }
        Trace trace = TraceEncoding.decode(ByteBuffer.wrap(body, bodyAt, bodyLength).slice());
        return new Contents(header.key(), trace, header.recordingNanos());
    }

    /**
     * A file's header, checked.
     *
     * @param compressed     whether the body is deflated
     * @param crc32c         whether the checksum is a CRC32C (else SHA-256)
     * @param recordingNanos how long the recording took
     * @param key            the content key
     * @param bodyAt         where the stored body starts in the file
     * @param bodyLength     the body's length before compression
     * @param declaredCrc    the CRC32C the file declares (0 unless {@code crc32c})
     */
    private record Header(boolean compressed, boolean crc32c, long recordingNanos, String key, int bodyAt,
                          long bodyLength, int declaredCrc) {
    }

    /**
     * Reads and checks the header.
     *
     * @param bytes      the file's first {@code available} bytes: all of it, or at least its header
     * @param available  how many of {@code bytes} are the file's
     * @param fileLength the whole file's length
     */
    private static Header header(byte[] bytes, int available, long fileLength) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, available).order(ByteOrder.LITTLE_ENDIAN);
        if (fileLength < FIXED_HEADER_BYTES
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new TraceFormatException("not a jphasic trace file: it does not start with the magic bytes "
                    + "\"JPHTRACE\"" + (fileLength < FIXED_HEADER_BYTES ? " (only " + fileLength + " bytes)" : ""));
        }
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != SHA_256_VERSION && version != FORMAT_VERSION) {
            throw new TraceFormatException("trace file format version " + version + " is not supported; this "
                    + "jphasic reads versions " + SHA_256_VERSION + " and " + FORMAT_VERSION
                    + ". Record the trace again with this version");
        }
        int flags = b.getInt();
        int known = version == SHA_256_VERSION ? FLAG_DEFLATE : FLAG_DEFLATE | FLAG_CRC32C;
        if ((flags & ~known) != 0) {
            throw new TraceFormatException("trace file of version " + version + " has unknown flags "
                    + Integer.toBinaryString(flags) + "; the file is damaged or from a newer jphasic");
        }
        if (version == FORMAT_VERSION && (flags & FLAG_CRC32C) == 0) {
            throw new TraceFormatException("trace file of version " + FORMAT_VERSION + " lacks the CRC32C flag "
                    + "that version requires; the file is damaged");
        }
        long recordingNanos = b.getLong();
        if (recordingNanos < 0) {
            throw new TraceFormatException("trace file header has a negative recording time; the file is damaged");
        }
        int keyLength = b.getInt();
        if (keyLength < 0 || keyLength > MAX_KEY_BYTES || keyLength > fileLength - b.position()) {
            throw new TraceFormatException("trace file header declares a key of " + keyLength + " bytes; the "
                    + "file is damaged or truncated");
        }
        String key = new String(bytes, b.position(), keyLength, StandardCharsets.UTF_8);
        b.position(b.position() + keyLength);
        if (fileLength - b.position() < 16 + CHECKSUM_BYTES) {
            throw new TraceFormatException("trace file is truncated inside its header (" + fileLength
                    + " bytes); record the trace again");
        }
        long storedLength = b.getLong();
        long bodyLength = b.getLong();
        int checksumAt = b.position();
        int bodyAt = checksumAt + CHECKSUM_BYTES;
        if (storedLength != fileLength - bodyAt) {
            throw new TraceFormatException("trace file body should be " + storedLength + " bytes but "
                    + (fileLength - bodyAt) + " follow the header; the file is truncated or damaged");
        }
        boolean compressed = (flags & FLAG_DEFLATE) != 0;
        if (bodyLength < 0 || bodyLength > Integer.MAX_VALUE - 64 || (!compressed && bodyLength != storedLength)) {
            throw new TraceFormatException("trace file declares an impossible body length " + bodyLength
                    + "; the file is damaged");
        }
        boolean crc32c = (flags & FLAG_CRC32C) != 0;
        int declaredCrc = 0;
        if (crc32c) {
            declaredCrc = b.getInt(checksumAt);
            for (int i = checksumAt + Integer.BYTES; i < bodyAt; i++) {
                if (bytes[i] != 0) {
                    throw new TraceFormatException("trace file checksum field is damaged: the 28 bytes after a "
                            + "CRC32C must be zero. Delete the file and record the trace again");
                }
            }
        }
        return new Header(compressed, crc32c, recordingNanos, key, bodyAt, bodyLength, declaredCrc);
    }

    private static TraceFormatException crcMismatch() {
        return new TraceFormatException("trace file checksum mismatch (CRC32C): the body is corrupted. "
                + "Delete the file and record the trace again");
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] stored, int bodyLength) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] body = new byte[bodyLength];
            int n = 0;
            while (n < bodyLength) {
                int got = inflater.inflate(body, n, bodyLength - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != bodyLength || !inflater.finished()) {
                throw new TraceFormatException("trace file body does not decompress to the declared " + bodyLength
                        + " bytes; the file is damaged");
            }
            return body;
        } catch (DataFormatException e) {
            throw new TraceFormatException("trace file body is not valid compressed data (" + e.getMessage()
                    + "); the file is damaged", e);
        } finally {
            inflater.end();
        }
    }

    static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    private static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = HashEncoder.newSha256();
        digest.update(data, offset, length);
        return digest.digest();
    }

    private static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
