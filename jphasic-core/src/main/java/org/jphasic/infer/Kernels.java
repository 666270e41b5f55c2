package org.jphasic.infer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window sums of {@link PhaseTypeLikelihood}, the innermost loop of the density pass, running across a batch
 * of particles (particle index innermost). Two implementations: {@link ScalarKernels}, plain Java, and
 * {@code VectorKernels}, on the incubating Vector API ({@code jdk.incubator.vector}), used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}. For every particle both do the same multiplications
 * and additions in the same order (never fused), so they give the same bits: the choice changes the speed, never
 * a result. (The element-wise loops of the power iteration stay plain Java: C2 vectorises them as well as the
 * Vector API does.)
 *
 * <p>Window sums may read up to {@link #slack()} doubles past the last particle of a row (lanes whose results are
 * discarded): sequence arrays carry that many extra doubles at their end and output arrays hold at least
 * {@code b + slack()} values.
 */
abstract class Kernels {
    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    /** The system property that asks for the scalar kernels even where the vector ones are available. */
    static final String SCALAR_PROPERTY = "jphasic.scalarKernels";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final Kernels ACTIVE = load();

    /** @return the kernels this JVM uses */
    static Kernels active() {
        return ACTIVE;
    }

    /** @return the scalar kernels (the reference the vector kernels must match bit for bit) */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    private static Kernels load() {
        if (Boolean.getBoolean(SCALAR_PROPERTY)) {
            LOG.info("likelihood kernels: scalar, as -D{}=true asks", SCALAR_PROPERTY);
            return ScalarKernels.INSTANCE;
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            LOG.info("likelihood kernels: scalar (same results, slower); start the JVM with --add-modules {} for "
                    + "the vector kernels", VECTOR_MODULE);
            return ScalarKernels.INSTANCE;
        }
        try {
            Kernels vector = (Kernels) Class.forName("org.jphasic.infer.VectorKernels")
                    .getDeclaredConstructor().newInstance();
            LOG.debug("likelihood kernels: {}", vector.name());
            return vector;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("likelihood kernels: scalar, because the vector kernels could not be loaded although {} is "
                    + "present: {}", VECTOR_MODULE, e.toString(), e);
            return ScalarKernels.INSTANCE;
        }
    }

    /** @return a short name for logs and tests: "scalar" or "vector (N lanes)" */
    abstract String name();

    /** @return how many doubles a window sum may read past the last particle of a row, and write past b */
    abstract int slack();

    /**
     * out[j] = Σ_{k &lt; n} weight[from + k]·seq[offset + k·b + j] for j &lt; b. Per particle the terms are added in
     * groups of four, ((w₀x₀ + w₁x₁) + w₂x₂) + w₃x₃, each group added to the running sum; a last group of fewer
     * terms is added one term at a time.
     */
    abstract void windowSum(double[] weight, int from, int n, double[] seq, int offset, int b, double[] out);

    /** {@link #windowSum} for two sequences over the same window at once (a value and its derivative). */
    abstract void windowSums(double[] weight, int from, int n, double[] s0, double[] s1, int offset, int b,
                             double[] o0, double[] o1);

    /** The plain-Java kernels. */
    static final class ScalarKernels extends Kernels {
        static final ScalarKernels INSTANCE = new ScalarKernels();

        private ScalarKernels() {
        }

        @Override
        String name() {
            return "scalar";
        }

        @Override
        int slack() {
            return 0;
        }

        @Override
        void windowSum(double[] weight, int from, int n, double[] seq, int offset, int b, double[] out) {
            java.util.Arrays.fill(out, 0, b, 0.0);
            int o = offset;
            int k = 0;
            for (; k + 4 <= n; k += 4, o += 4 * b) {
                double p0 = weight[from + k];
                double p1 = weight[from + k + 1];
                double p2 = weight[from + k + 2];
                double p3 = weight[from + k + 3];
                int o1 = o + b;
                int o2 = o + 2 * b;
                int o3 = o + 3 * b;
                for (int j = 0; j < b; j++) {
                    out[j] += p0 * seq[o + j] + p1 * seq[o1 + j] + p2 * seq[o2 + j] + p3 * seq[o3 + j];
                }
            }
            for (; k < n; k++, o += b) {
                double p = weight[from + k];
                for (int j = 0; j < b; j++) {
                    out[j] += p * seq[o + j];
                }
            }
        }

        @Override
        void windowSums(double[] weight, int from, int n, double[] s0, double[] s1, int offset, int b, double[] o0,
                        double[] o1) {
            windowSum(weight, from, n, s0, offset, b, o0);
            windowSum(weight, from, n, s1, offset, b, o1);
        }
    }
}
