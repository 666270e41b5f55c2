package org.jphasic.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The jphasic version of this build, from the filtered resource {@code org/jphasic/cluster/build.properties}.
 * Workers announce it as a member attribute and coordinators send it with every unit: members of different
 * versions refuse to work together, since unit bytes and trace bytes are only promised to match within one.
 */
final class BuildVersion {
    private static final String CURRENT = load();

    private BuildVersion() {
    }

    /** @return the version, e.g. {@code 0.1.0-SNAPSHOT} */
    static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/jphasic/cluster/build.properties is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isBlank() || v.contains("${")) {
                throw new IllegalStateException("org/jphasic/cluster/build.properties has no filtered version: " + v);
            }
            return v.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/jphasic/cluster/build.properties", e);
        }
    }
}
