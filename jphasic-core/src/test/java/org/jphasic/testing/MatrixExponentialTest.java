package org.jphasic.testing;

import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import org.junit.jupiter.api.Test;

/** The test-scope matrix exponential against matrices whose exponentials are known in closed form. */
class MatrixExponentialTest {
    @Test
    void diagonalMatrixExponentiatesEntryByEntry() {
        double[][] e = MatrixExponential.expm(new double[][] {{-1, 0}, {0, 2}});
        assertRelativelyClose(new double[] {e[0][0], e[0][1], e[1][0], e[1][1]},
                new double[] {Math.exp(-1), 0, 0, Math.exp(2)}, 1e-14, "diag");
    }

    @Test
    void nilpotentMatrixGivesIdentityPlusMatrix() {
        double[][] e = MatrixExponential.expm(new double[][] {{0, 3}, {0, 0}});
        assertRelativelyClose(new double[] {e[0][0], e[0][1], e[1][0], e[1][1]}, new double[] {1, 3, 0, 1}, 1e-14,
                "nilpotent");
    }

    @Test
    void rotationGeneratorGivesCosinesAndSines() {
        for (double theta : new double[] {0.7, 50}) {
            double[][] e = MatrixExponential.expm(new double[][] {{0, -theta}, {theta, 0}});
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            assertRelativelyClose(new double[] {e[0][0], e[0][1], e[1][0], e[1][1]}, new double[] {c, -s, s, c},
                    1e-12, "rotation " + theta);
        }
    }

    @Test
    void twoPhaseSubIntensityMatchesClosedForm() {
        // S = [[-a, a], [0, -b]]: e^{St} has (0,1) entry a(e^{-bt} - e^{-at})/(a - b)
        double a = 3;
        double b = 1;
        double t = 2.5;
        double[][] e = MatrixExponential.expm(new double[][] {{-a * t, a * t}, {0, -b * t}});
        double corner = a * (Math.exp(-b * t) - Math.exp(-a * t)) / (a - b);
        assertRelativelyClose(new double[] {e[0][0], e[0][1], e[1][0], e[1][1]},
                new double[] {Math.exp(-a * t), corner, 0, Math.exp(-b * t)}, 1e-13, "two-phase");
    }

    @Test
    void largeNormIsScaledAndSquaredAccurately() {
        double[][] e = MatrixExponential.expm(new double[][] {{-500}});
        assertRelativelyClose(e[0][0], Math.exp(-500), 1e-12, "e^-500");
        double[][] f = MatrixExponential.expm(new double[][] {{-40, 40}, {0, -1}});
        double corner = 40 * (Math.exp(-1) - Math.exp(-40)) / 39;
        assertRelativelyClose(f[0][1], corner, 1e-12, "stiff corner");
    }
}
