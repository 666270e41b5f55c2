package org.jphasic.testing;

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
}
