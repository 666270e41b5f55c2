package org.jphasic.io;

import java.util.regex.Pattern;

/**
 * The content key of a graph: the version of the encoding that produced it and a SHA-256 digest, rendered as
 * {@code v1-} followed by 64 lowercase hexadecimal characters. Produced by {@link GraphHash#of}; two graphs with
 * equal keys of the same version have the same moments, distributions and traces for every θ.
 *
 * <p>The version is part of the key, so a change of encoding yields different keys rather than silently
 * matching keys computed the old way.
 *
 * <pre>{@code
 * GraphKey key = GraphHash.of(graph);
 * String text = key.value();              // "v1-3f2a..."
 * GraphKey same = GraphKey.parse(text);   // equals key
 * }</pre>
 *
 * @param value the rendered key, {@code v<version>-<64 hex>}
 */
public record GraphKey(String value) {
    private static final Pattern FORMAT = Pattern.compile("v([1-9][0-9]{0,8})-[0-9a-f]{64}");

    /**
     * Checks the rendering.
     *
     * @param value the rendered key, {@code v<version>-<64 hex>}
     * @throws IllegalArgumentException if {@code value} is not {@code v<version>-<64 lowercase hex>}
     */
    public GraphKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("graph key " + (value == null ? "null" : "'" + value + "'")
                    + " is malformed; expected v<version>-<64 lowercase hex characters>, e.g. v1-" + "0".repeat(64));
        }
    }

    /**
     * Reads a key from its rendering.
     *
     * @param text a rendered key, as {@link #value()} returns
     * @return the key
     * @throws IllegalArgumentException if the text is not a well-formed key
     */
    public static GraphKey parse(String text) {
        return new GraphKey(text);
    }

    /** @return the encoding version, the number after {@code v} */
    public int version() {
        return Integer.parseInt(value.substring(1, value.indexOf('-')));
    }

    /** @return the 64 hexadecimal characters of the digest */
    public String hex() {
        return value.substring(value.indexOf('-') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
