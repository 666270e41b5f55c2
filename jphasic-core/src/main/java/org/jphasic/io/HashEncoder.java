package org.jphasic.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Feeds a fixed little-endian encoding of primitive values into SHA-256: the building block of every content
 * key in jphasic ({@link GraphHash} for whole graphs; the trace cache for work units).
 *
 * <p>Each value has one encoding, independent of the platform: {@code int} 4 bytes and {@code long} 8 bytes,
 * two's complement little-endian; {@code boolean} one byte 0 or 1; {@code double} the 8 bytes of its IEEE 754
 * bits, little-endian, after normalising {@code -0.0} to {@code 0.0} and every NaN to the canonical NaN
 * {@code 0x7ff8000000000000} (so values that compare equal as weights hash equally); a string its UTF-8 byte
 * count as an {@code int}, then the bytes. A hash starts with a domain string naming what is hashed and the
 * encoding version, so keys of different kinds or versions never collide by construction.
 *
 * <p>Bytes are staged in an 8 KiB buffer and handed to the digest in blocks, so encoding costs O(bytes) with no
 * allocation per value. An encoder is single-use and not thread-safe.
 *
 * <pre>{@code
 * HashEncoder h = HashEncoder.sha256("jphasic.unit.v1");
 * h.putInt(vertexCount).putDouble(weight).putBoolean(discrete);
 * String hex = h.hexDigest();   // 64 lowercase hex characters
 * }</pre>
 */
public final class HashEncoder {
    private static final int BUFFER_BYTES = 8192;
    private static final long CANONICAL_NAN_BITS = 0x7ff8000000000000L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final MessageDigest PROTOTYPE = clonablePrototype();

    private final MessageDigest digest;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private boolean finished;

    private HashEncoder(MessageDigest digest) {
        this.digest = digest;
    }

    /**
     * Starts a SHA-256 hash whose first input is the domain string (encoded as {@link #putString(String)}).
     *
     * @param domain what is hashed and the encoding version, such as {@code "jphasic.graph.v1"}; not empty
     * @return a fresh encoder
     */
    public static HashEncoder sha256(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("a hash domain such as \"jphasic.graph.v1\" is required");
        }
        return new HashEncoder(newSha256()).putString(domain);
    }

    /**
     * A new SHA-256 digest, for every SHA-256 jphasic computes: a clone of an untouched prototype where the
     * provider allows it. Looking the algorithm up through the providers each time took a fifth of the profile
     * samples of a loop of warm recordings. Cloning only reads the prototype, which is never updated, so threads
     * may clone it at the same time.
     *
     * @return a digest nothing has been written to
     * @throws IllegalStateException if this Java runtime provides no SHA-256
     */
    public static MessageDigest newSha256() {
        if (PROTOTYPE != null) {
            try {
                return (MessageDigest) PROTOTYPE.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the SHA-256 prototype was cloned once and now refuses", e);
            }
        }
        return lookUpSha256();
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JRE.
            throw new IllegalStateException("this Java runtime provides no SHA-256 implementation", e);
        }
    }

    /** An untouched SHA-256 digest to clone, or {@code null} if this runtime's provider cannot clone one. */
    private static MessageDigest clonablePrototype() {
        MessageDigest prototype = lookUpSha256();
        try {
            prototype.clone();
            return prototype;
        } catch (CloneNotSupportedException e) {
            return null; // every digest is then looked up afresh, which is correct, only slower
        }
    }

    /**
     * Appends a 32-bit integer, 4 bytes little-endian.
     *
     * @param value the value
     * @return this encoder
     */
    public HashEncoder putInt(int value) {
        ensure(Integer.BYTES);
        INTS.set(buffer, position, value);
        position += Integer.BYTES;
        return this;
    }

    /**
     * Appends a 64-bit integer, 8 bytes little-endian.
     *
     * @param value the value
     * @return this encoder
     */
    public HashEncoder putLong(long value) {
        ensure(Long.BYTES);
        LONGS.set(buffer, position, value);
        position += Long.BYTES;
        return this;
    }

    /**
     * Appends a boolean as one byte, 1 for true and 0 for false.
     *
     * @param value the value
     * @return this encoder
     */
    public HashEncoder putBoolean(boolean value) {
        ensure(1);
        buffer[position++] = value ? (byte) 1 : (byte) 0;
        return this;
    }

    /**
     * Appends a double as the 8 little-endian bytes of its IEEE 754 bits, with {@code -0.0} written as
     * {@code 0.0} and every NaN as the canonical NaN.
     *
     * @param value the value
     * @return this encoder
     */
    public HashEncoder putDouble(double value) {
        return putLong(canonicalBits(value));
    }

    /**
     * Appends {@code length} doubles of an array, each as {@link #putDouble(double)}; no length prefix.
     *
     * @param values the array. Not modified.
     * @param offset the first index
     * @param length how many values
     * @return this encoder
     */
    public HashEncoder putDoubles(double[] values, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            putDouble(values[i]);
        }
        return this;
    }

    /**
     * Appends raw bytes, with no length prefix (for digests of fixed length).
     *
     * @param bytes the bytes. Not modified.
     * @return this encoder
     */
    public HashEncoder putBytes(byte[] bytes) {
        return putBytes(bytes, 0, bytes.length);
    }

    /**
     * Appends a range of raw bytes, with no length prefix: for encodings written into an array first, such as
     * the column-wise chunks of {@link GraphHash}. Ranges larger than the internal buffer go to the digest
     * directly.
     *
     * @param bytes  the bytes. Not modified.
     * @param offset the first byte to append
     * @param length how many bytes to append
     * @return this encoder
     * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
     */
    public HashEncoder putBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkOpen();
        if (length >= BUFFER_BYTES) {
            flush();
            digest.update(bytes, offset, length);
            return this;
        }
        int written = 0;
        while (written < length) {
            ensure(1);
            int chunk = Math.min(length - written, BUFFER_BYTES - position);
            System.arraycopy(bytes, offset + written, buffer, position, chunk);
            position += chunk;
            written += chunk;
        }
        return this;
    }

    /**
     * Writes a 32-bit integer into an array as {@link #putInt} would append it, 4 bytes little-endian.
     *
     * @param bytes receives the bytes. Modified.
     * @param at    where the first byte goes
     * @param value the integer
     */
    static void writeInt(byte[] bytes, int at, int value) {
        INTS.set(bytes, at, value);
    }

    /**
     * Writes a 64-bit integer into an array as {@link #putLong} would append it, 8 bytes little-endian.
     *
     * @param bytes receives the bytes. Modified.
     * @param at    where the first byte goes
     * @param value the integer
     */
    static void writeLong(byte[] bytes, int at, long value) {
        LONGS.set(bytes, at, value);
    }

    /**
     * Writes a double into an array as {@link #putDouble} would append it: 8 bytes little-endian of its bits,
     * with both zeros and every NaN normalised.
     *
     * @param bytes receives the bytes. Modified.
     * @param at    where the first byte goes
     * @param value the double
     */
    static void writeDouble(byte[] bytes, int at, double value) {
        LONGS.set(bytes, at, canonicalBits(value));
    }

    /**
     * Appends a string: its UTF-8 byte count as an {@code int}, then the bytes.
     *
     * @param value the string
     * @return this encoder
     */
    public HashEncoder putString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return putInt(bytes.length).putBytes(bytes);
    }

    /**
     * Finishes the hash. The encoder cannot be used afterwards.
     *
     * @return the 32-byte SHA-256 digest of everything appended
     */
    public byte[] digest() {
        checkOpen();
        finished = true;
        flush();
        return digest.digest();
    }

    /**
     * Finishes the hash, as {@link #digest()}, and renders it in hex.
     *
     * @return 64 lowercase hexadecimal characters
     */
    public String hexDigest() {
        return toHex(digest());
    }

    /**
     * @param bytes bytes. Not modified.
     * @return the bytes as lowercase hexadecimal, two characters per byte
     */
    static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * @param value a double
     * @return the bits {@link #putDouble(double)} writes for it
     */
    static long canonicalBits(double value) {
        if (value == 0.0) {
            return 0L; // both zeros
        }
        if (Double.isNaN(value)) {
            return CANONICAL_NAN_BITS;
        }
        return Double.doubleToRawLongBits(value);
    }

    private void ensure(int bytes) {
        checkOpen();
        if (BUFFER_BYTES - position < bytes) {
            flush();
        }
    }

    private void flush() {
        digest.update(buffer, 0, position);
        position = 0;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this HashEncoder is finished; start a new one with sha256(domain)");
        }
    }
}
