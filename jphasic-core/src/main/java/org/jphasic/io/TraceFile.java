package org.jphasic.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 * int32       format version ({@value #FORMAT_VERSION})
 * int32       flags: bit 0 = body deflate-compressed
 * int64       nanoseconds the recording took (0 if unknown): what a cache hit saves
 * int32       key length k (at most {@value #MAX_KEY_BYTES}), then k bytes of UTF-8: the content key
 * int64       stored body length (after compression)
 * int64       body length (before compression)
 * 32 bytes    SHA-256 of the uncompressed body
 * ...         the stored body
 * </pre>
 * All integers little-endian. A file with another magic or version, a truncated file, a checksum mismatch or
 * a body that is not a valid trace raises {@link TraceFormatException}; nothing is ever returned from a damaged
 * file.
 *
 * <pre>{@code
 * byte[] bytes = TraceFile.toBytes(trace, key, true);
 * TraceFile.Contents back = TraceFile.fromBytes(bytes);   // back.trace().equals(trace)
 * }</pre>
 */
public final class TraceFile {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The longest content key accepted. */
    public static final int MAX_KEY_BYTES = 1024;
    private static final byte[] MAGIC = "JPHTRACE".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAG_DEFLATE = 1;

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
        byte[] body = TraceEncoding.encode(trace);
        byte[] stored = compress ? deflate(body) : body;
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 20 + keyBytes.length + 16 + 32 + stored.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(FORMAT_VERSION).putInt(compress ? FLAG_DEFLATE : 0).putLong(Math.max(0, recordingNanos))
                .putInt(keyBytes.length)
                .put(keyBytes).putLong(stored.length).putLong(body.length).put(sha256(body)).put(stored);
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
     * Decodes a trace file.
     *
     * @param bytes the whole file. Not modified.
     * @return the key and the trace
     * @throws TraceFormatException if the bytes are not a valid trace file
     */
    public static Contents fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 20
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new TraceFormatException("not a jphasic trace file: it does not start with the magic bytes "
                    + "\"JPHTRACE\"" + (bytes.length < MAGIC.length + 20 ? " (only " + bytes.length + " bytes)" : ""));
        }
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != FORMAT_VERSION) {
            throw new TraceFormatException("trace file format version " + version + " is not supported; this "
                    + "jphasic reads version " + FORMAT_VERSION + ". Record the trace again with this version");
        }
        int flags = b.getInt();
        if ((flags & ~FLAG_DEFLATE) != 0) {
            throw new TraceFormatException("trace file has unknown flags " + Integer.toBinaryString(flags)
                    + "; the file is damaged or from a newer jphasic");
        }
        long recordingNanos = b.getLong();
        if (recordingNanos < 0) {
            throw new TraceFormatException("trace file header has a negative recording time; the file is damaged");
        }
        int keyLength = b.getInt();
        if (keyLength < 0 || keyLength > MAX_KEY_BYTES || keyLength > b.remaining()) {
            throw new TraceFormatException("trace file header declares a key of " + keyLength + " bytes; the "
                    + "file is damaged or truncated");
        }
        byte[] keyBytes = new byte[keyLength];
        b.get(keyBytes);
        if (b.remaining() < 16 + 32) {
            throw new TraceFormatException("trace file is truncated inside its header (" + bytes.length
                    + " bytes); record the trace again");
        }
        long storedLength = b.getLong();
        long bodyLength = b.getLong();
        byte[] checksum = new byte[32];
        b.get(checksum);
        if (storedLength != b.remaining()) {
            throw new TraceFormatException("trace file body should be " + storedLength + " bytes but " + b.remaining()
                    + " follow the header; the file is truncated or damaged");
        }
        if (bodyLength < 0 || bodyLength > Integer.MAX_VALUE - 64
                || ((flags & FLAG_DEFLATE) == 0 && bodyLength != storedLength)) {
            throw new TraceFormatException("trace file declares an impossible body length " + bodyLength
                    + "; the file is damaged");
        }
        byte[] stored = new byte[(int) storedLength];
        b.get(stored);
        byte[] body = (flags & FLAG_DEFLATE) != 0 ? inflate(stored, (int) bodyLength) : stored;
        if (!MessageDigest.isEqual(checksum, sha256(body))) {
            throw new TraceFormatException("trace file checksum mismatch: the body is corrupted. Delete the file and "
                    + "record the trace again");
        }
        Trace trace = TraceEncoding.decode(ByteBuffer.wrap(body));
        return new Contents(new String(keyBytes, StandardCharsets.UTF_8), trace, recordingNanos);
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
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
