package org.jphasic.testing;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Dense ground truth for distribution functions, independent of the code under test: the matrix exponential by
 * scaling and squaring with the [13/13] Padé approximant (Higham 2005, "The scaling and squaring method for the
 * matrix exponential revisited", Algorithm 2.3, without the lower-degree shortcuts), and the phase-type formulas
 * built on it: f(t) = α e^{St} s, F(t) = 1 − α e^{St} 1, P(X_t) = α e^{St}, and ∫₀ᵗ α e^{Su} du from the block
 * matrix exp([[S, I], [0, 0]]·t), whose upper-right block is ∫₀ᵗ e^{Su} du (Van Loan 1978).
 */
public final class MatrixExponential {
    private static final double[] PADE = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
        1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
        40840800.0, 960960.0, 16380.0, 182.0, 1.0};
    private static final double THETA_13 = 5.371920351148152;

    private MatrixExponential() {
    }

    /** e^A. */
    public static DMatrixRMaj expm(DMatrixRMaj a) {
        int n = a.numRows;
        double norm = NormOps_DDRM.normP1(a);
        int s = norm > THETA_13 ? (int) Math.ceil(Math.log(norm / THETA_13) / Math.log(2)) : 0;
        DMatrixRMaj x = a.copy();
        CommonOps_DDRM.scale(Math.pow(2, -s), x);
        DMatrixRMaj identity = CommonOps_DDRM.identity(n);
        DMatrixRMaj a2 = mult(x, x);
        DMatrixRMaj a4 = mult(a2, a2);
        DMatrixRMaj a6 = mult(a4, a2);
        double[] b = PADE;
        DMatrixRMaj inner = combination(b[13], a6, b[11], a4, b[9], a2);
        DMatrixRMaj u = mult(a6, inner);
        CommonOps_DDRM.addEquals(u, combination(b[7], a6, b[5], a4, b[3], a2));
        CommonOps_DDRM.addEquals(u, b[1], identity);
        u = mult(x, u);
        DMatrixRMaj v = mult(a6, combination(b[12], a6, b[10], a4, b[8], a2));
        CommonOps_DDRM.addEquals(v, combination(b[6], a6, b[4], a4, b[2], a2));
        CommonOps_DDRM.addEquals(v, b[0], identity);
        DMatrixRMaj numerator = new DMatrixRMaj(n, n);
        DMatrixRMaj denominator = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(v, u, numerator);
        CommonOps_DDRM.subtract(v, u, denominator);
        DMatrixRMaj r = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.solve(denominator, numerator, r)) {
            throw new IllegalStateException("singular Padé denominator");
        }
        for (int i = 0; i < s; i++) {
            r = mult(r, r);
        }
        return r;
    }

    private static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    private static DMatrixRMaj combination(double c1, DMatrixRMaj m1, double c2, DMatrixRMaj m2, double c3,
                                           DMatrixRMaj m3) {
        DMatrixRMaj out = m1.copy();
        CommonOps_DDRM.scale(c1, out);
        CommonOps_DDRM.addEquals(out, c2, m2);
        CommonOps_DDRM.addEquals(out, c3, m3);
        return out;
    }

    /** e^{A} of a plain array. */
    public static double[][] expm(double[][] a) {
        DMatrixRMaj r = expm(new DMatrixRMaj(a));
        double[][] out = new double[r.numRows][r.numCols];
        for (int i = 0; i < r.numRows; i++) {
            for (int j = 0; j < r.numCols; j++) {
                out[i][j] = r.get(i, j);
            }
        }
        return out;
    }

    /**
     * The exact distribution functions of a constant graph from its dense matrices ({@link DenseOracle}).
     */
    public static final class Truth {
        private final DMatrixRMaj alpha;
        private final DMatrixRMaj s;
        private final DMatrixRMaj exit;
        private final int[] transientVertices;
        private final int vertexCount;

        public Truth(DenseOracle oracle, int vertexCount) {
            double[] a = oracle.alpha();
            double[][] m = oracle.matrix();
            int p = a.length;
            alpha = new DMatrixRMaj(1, p, true, a);
            s = new DMatrixRMaj(p, p);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    s.set(i, j, m[i][j]);
                }
            }
            exit = new DMatrixRMaj(p, 1);
            for (int i = 0; i < p; i++) {
                double sum = 0;
                for (int j = 0; j < p; j++) {
                    sum += m[i][j];
                }
                exit.set(i, 0, -sum);
            }
            transientVertices = oracle.transientVertices();
            this.vertexCount = vertexCount;
        }

        /** α e^{St}, per transient vertex. */
        public DMatrixRMaj stateRow(double t) {
            DMatrixRMaj st = s.copy();
            CommonOps_DDRM.scale(t, st);
            return mult(alpha, expm(st));
        }

        public double pdf(double t) {
            if (alpha.numCols == 0) {
                return 0;
            }
            return mult(stateRow(t), exit).get(0, 0);
        }

        public double cdf(double t) {
            if (alpha.numCols == 0) {
                return 1;
            }
            return 1 - CommonOps_DDRM.elementSum(stateRow(t));
        }

        /** P(X_t = v) per vertex. */
        public double[] stateProbabilities(double t) {
            return toVertices(alpha.numCols == 0 ? new DMatrixRMaj(1, 0) : stateRow(t));
        }

        /** ∫₀ᵗ P(X_u = v) du per vertex, by the block matrix exponential. */
        public double[] visitingTimes(double t) {
            int p = alpha.numCols;
            if (p == 0) {
                return new double[vertexCount];
            }
            DMatrixRMaj block = new DMatrixRMaj(2 * p, 2 * p);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    block.set(i, j, s.get(i, j) * t);
                }
                block.set(i, p + i, t);
            }
            DMatrixRMaj e = expm(block);
            DMatrixRMaj integral = new DMatrixRMaj(p, p);
            CommonOps_DDRM.extract(e, 0, p, p, 2 * p, integral, 0, 0);
            return toVertices(mult(alpha, integral));
        }

        private double[] toVertices(DMatrixRMaj row) {
            double[] out = new double[vertexCount];
            for (int i = 0; i < transientVertices.length; i++) {
                out[transientVertices[i]] = row.get(0, i);
            }
            return out;
        }
    }
}
