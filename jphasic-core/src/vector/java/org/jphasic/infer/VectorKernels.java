package org.jphasic.infer;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the incubating Vector API: the same arithmetic as {@link Kernels.ScalarKernels}, lane by lane,
 * with multiplications and additions kept separate (never fused), so every particle gets the same bits.
 *
 * <p>A window sum keeps its running sums in registers while it walks the window: one or two vectors of particles at
 * a time, the last vector reaching past {@code b} into lanes whose results are thrown away (hence {@link #slack()}).
 *
 * <p>Loaded by {@link Kernels} through reflection only when the module {@code jdk.incubator.vector} is in the boot
 * layer: nothing else may refer to this class.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Below this many particles a vector would carry mostly discarded lanes: the scalar loop is as fast. */
    private static final int MIN_PARTICLES = 4;

    @Override
    String name() {
        return "vector (" + LANES + " lanes)";
    }

    @Override
    int slack() {
        return LANES;
    }

    @Override
    void windowSum(double[] weight, int from, int n, double[] seq, int offset, int b, double[] out) {
        if (b < MIN_PARTICLES) {
            ScalarKernels.INSTANCE.windowSum(weight, from, n, seq, offset, b, out);
            return;
        }
        int jb = 0;
        for (; jb + LANES < b; jb += 2 * LANES) {
            twoVectors(weight, from, n, seq, offset + jb, b, out, jb);
        }
        if (jb < b) {
            oneVector(weight, from, n, seq, offset + jb, b, out, jb);
        }
    }

    @Override
    void windowSums(double[] weight, int from, int n, double[] s0, double[] s1, int offset, int b, double[] o0,
                    double[] o1) {
        if (b < MIN_PARTICLES) {
            ScalarKernels.INSTANCE.windowSums(weight, from, n, s0, s1, offset, b, o0, o1);
            return;
        }
        int jb = 0;
        for (; jb + LANES < b; jb += 2 * LANES) {
            twoVectors(weight, from, n, s0, s1, offset + jb, b, o0, o1, jb);
        }
        if (jb < b) {
            oneVector(weight, from, n, s0, s1, offset + jb, b, o0, o1, jb);
        }
    }

    // Each loop is its own small method so that C2 compiles and inlines it whole: a Vector API loop that is not
    // inlined boxes every vector and runs many times slower. The one- and two-sequence loops are written out
    // separately because each keeps its own set of running sums in registers.

    /** The window sums of particles at o .. o + 2·LANES − 1 of one sequence, into out[at ..]. */
    private static void twoVectors(double[] weight, int from, int n, double[] seq, int o, int b, double[] out,
                                   int at) {
        DoubleVector a = DoubleVector.zero(SPECIES);
        DoubleVector c = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k + 4 <= n; k += 4, o += 4 * b) {
            DoubleVector w0 = DoubleVector.broadcast(SPECIES, weight[from + k]);
            DoubleVector w1 = DoubleVector.broadcast(SPECIES, weight[from + k + 1]);
            DoubleVector w2 = DoubleVector.broadcast(SPECIES, weight[from + k + 2]);
            DoubleVector w3 = DoubleVector.broadcast(SPECIES, weight[from + k + 3]);
            a = a.add(group(seq, o, b, w0, w1, w2, w3));
            c = c.add(group(seq, o + LANES, b, w0, w1, w2, w3));
        }
        for (; k < n; k++, o += b) {
            DoubleVector w = DoubleVector.broadcast(SPECIES, weight[from + k]);
            a = a.add(DoubleVector.fromArray(SPECIES, seq, o).mul(w));
            c = c.add(DoubleVector.fromArray(SPECIES, seq, o + LANES).mul(w));
        }
        a.intoArray(out, at);
        c.intoArray(out, at + LANES);
    }

    /** The window sums of particles at o .. o + LANES − 1 of one sequence, into out[at ..]. */
    private static void oneVector(double[] weight, int from, int n, double[] seq, int o, int b, double[] out,
                                  int at) {
        DoubleVector a = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k + 4 <= n; k += 4, o += 4 * b) {
            DoubleVector w0 = DoubleVector.broadcast(SPECIES, weight[from + k]);
            DoubleVector w1 = DoubleVector.broadcast(SPECIES, weight[from + k + 1]);
            DoubleVector w2 = DoubleVector.broadcast(SPECIES, weight[from + k + 2]);
            DoubleVector w3 = DoubleVector.broadcast(SPECIES, weight[from + k + 3]);
            a = a.add(group(seq, o, b, w0, w1, w2, w3));
        }
        for (; k < n; k++, o += b) {
            a = a.add(DoubleVector.fromArray(SPECIES, seq, o).mul(DoubleVector.broadcast(SPECIES, weight[from + k])));
        }
        a.intoArray(out, at);
    }

    /** {@link #twoVectors(double[], int, int, double[], int, int, double[], int)} for two sequences at once. */
    private static void twoVectors(double[] weight, int from, int n, double[] s0, double[] s1, int o, int b,
                                   double[] o0, double[] o1, int at) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = DoubleVector.zero(SPECIES);
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k + 4 <= n; k += 4, o += 4 * b) {
            DoubleVector w0 = DoubleVector.broadcast(SPECIES, weight[from + k]);
            DoubleVector w1 = DoubleVector.broadcast(SPECIES, weight[from + k + 1]);
            DoubleVector w2 = DoubleVector.broadcast(SPECIES, weight[from + k + 2]);
            DoubleVector w3 = DoubleVector.broadcast(SPECIES, weight[from + k + 3]);
            a0 = a0.add(group(s0, o, b, w0, w1, w2, w3));
            a1 = a1.add(group(s1, o, b, w0, w1, w2, w3));
            c0 = c0.add(group(s0, o + LANES, b, w0, w1, w2, w3));
            c1 = c1.add(group(s1, o + LANES, b, w0, w1, w2, w3));
        }
        for (; k < n; k++, o += b) {
            DoubleVector w = DoubleVector.broadcast(SPECIES, weight[from + k]);
            a0 = a0.add(DoubleVector.fromArray(SPECIES, s0, o).mul(w));
            a1 = a1.add(DoubleVector.fromArray(SPECIES, s1, o).mul(w));
            c0 = c0.add(DoubleVector.fromArray(SPECIES, s0, o + LANES).mul(w));
            c1 = c1.add(DoubleVector.fromArray(SPECIES, s1, o + LANES).mul(w));
        }
        a0.intoArray(o0, at);
        a1.intoArray(o1, at);
        c0.intoArray(o0, at + LANES);
        c1.intoArray(o1, at + LANES);
    }

    /** {@link #oneVector(double[], int, int, double[], int, int, double[], int)} for two sequences at once. */
    private static void oneVector(double[] weight, int from, int n, double[] s0, double[] s1, int o, int b,
                                  double[] o0, double[] o1, int at) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k + 4 <= n; k += 4, o += 4 * b) {
            DoubleVector w0 = DoubleVector.broadcast(SPECIES, weight[from + k]);
            DoubleVector w1 = DoubleVector.broadcast(SPECIES, weight[from + k + 1]);
            DoubleVector w2 = DoubleVector.broadcast(SPECIES, weight[from + k + 2]);
            DoubleVector w3 = DoubleVector.broadcast(SPECIES, weight[from + k + 3]);
            a0 = a0.add(group(s0, o, b, w0, w1, w2, w3));
            a1 = a1.add(group(s1, o, b, w0, w1, w2, w3));
        }
        for (; k < n; k++, o += b) {
            DoubleVector w = DoubleVector.broadcast(SPECIES, weight[from + k]);
            a0 = a0.add(DoubleVector.fromArray(SPECIES, s0, o).mul(w));
            a1 = a1.add(DoubleVector.fromArray(SPECIES, s1, o).mul(w));
        }
        a0.intoArray(o0, at);
        a1.intoArray(o1, at);
    }

    /** ((w₀x₀ + w₁x₁) + w₂x₂) + w₃x₃ for four consecutive rows of one vector of particles. */
    private static DoubleVector group(double[] seq, int o, int b, DoubleVector w0, DoubleVector w1, DoubleVector w2,
                                      DoubleVector w3) {
        return DoubleVector.fromArray(SPECIES, seq, o).mul(w0)
                .add(DoubleVector.fromArray(SPECIES, seq, o + b).mul(w1))
                .add(DoubleVector.fromArray(SPECIES, seq, o + 2 * b).mul(w2))
                .add(DoubleVector.fromArray(SPECIES, seq, o + 3 * b).mul(w3));
    }
}
