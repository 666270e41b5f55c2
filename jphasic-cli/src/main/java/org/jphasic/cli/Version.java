package org.jphasic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version, from the build (resource {@code jphasic-version.properties}). */
public final class Version implements IVersionProvider {
    /** @return the jphasic version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/jphasic-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("jphasic-version.properties is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read jphasic-version.properties", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jphasic " + current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
