package org.jphasic.testing;

import java.math.BigDecimal;
import org.opentest4j.AssertionFailedError;

/** Relative-tolerance assertions that say which entry failed and by how much. */
public final class Tolerance {
    private Tolerance() {
    }

    /**
     * Asserts |actual − expected| ≤ tolerance·max(|expected|, scale) where scale guards values near zero: for
     * scalars it is 1e-300 unless {@code expected} is exactly zero, in which case the absolute error must be
     * below the tolerance.
     */
    public static void assertRelativelyClose(double actual, double expected, double tolerance, String what) {
        double scale = expected == 0 ? 1.0 : Math.abs(expected);
        double error = Math.abs(actual - expected);
        if (!(error <= tolerance * scale)) {
            throw new AssertionFailedError(what + ": expected " + expected + " but was " + actual
                    + " (relative error " + error / scale + " > " + tolerance + ")", expected, actual);
        }
    }

    /**
     * Element-wise relative closeness, where entries are compared relative to the largest magnitude of the
     * expected vector when they are tiny (so cancellation in near-zero entries does not fail the test).
     */
    public static void assertRelativelyClose(double[] actual, double[] expected, double tolerance, String what) {
        if (actual.length != expected.length) {
            throw new AssertionFailedError(what + ": length " + actual.length + " != " + expected.length);
        }
        double largest = 0;
        for (double e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), largest * 1e-6);
            if (scale == 0) {
                scale = 1;
            }
            double error = Math.abs(actual[i] - expected[i]);
            if (!(error <= tolerance * scale)) {
                throw new AssertionFailedError(what + "[" + i + "]: expected " + expected[i] + " but was "
                        + actual[i] + " (relative error " + error / scale + " > " + tolerance + ")",
                        expected[i], actual[i]);
            }
        }
    }

    /**
     * Asserts that {@code actual} rounds to a value printed with a limited number of digits, e.g. "1.666667" from
     * acceptance-values.md: |actual − printed| must be at most half a unit in the last printed digit (and never
     * needs to be closer than 1e-9 relative, the accuracy the library promises). Use it only for values the
     * source shows rounded; exact values are compared with {@link #assertRelativelyClose(double, double, double,
     * String)}.
     */
    public static void assertMatchesRounded(double actual, String printed, String what) {
        BigDecimal value = new BigDecimal(printed);
        double expected = value.doubleValue();
        double halfUnit = 0.5 * Math.pow(10, -value.scale());
        double tolerance = Math.max(halfUnit, 1e-9 * Math.abs(expected)) * (1 + 1e-9);
        double error = Math.abs(actual - expected);
        if (!(error <= tolerance)) {
            throw new AssertionFailedError(what + ": expected " + printed + " (to the digits printed) but was "
                    + actual + " (off by " + error + " > " + tolerance + ")", expected, actual);
        }
    }

    /** {@link #assertMatchesRounded(double, String, String)} entry by entry. */
    public static void assertMatchesRounded(double[] actual, String[] printed, String what) {
        if (actual.length != printed.length) {
            throw new AssertionFailedError(what + ": length " + actual.length + " != " + printed.length);
        }
        for (int i = 0; i < printed.length; i++) {
            assertMatchesRounded(actual[i], printed[i], what + "[" + i + "]");
        }
    }
}
