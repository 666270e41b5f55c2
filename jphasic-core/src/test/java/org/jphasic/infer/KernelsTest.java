package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jphasic.graph.Graph;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;

/**
 * The likelihood's window-sum kernels: the vector kernels (this test JVM runs with
 * {@code --add-modules jdk.incubator.vector}) give the bits of the scalar kernels for every batch size and window
 * length, including batches that are not a whole number of vectors and windows that are not a whole number of
 * groups; both agree with plain sums; and a whole likelihood with gradient has the same bits with either.
 */
class KernelsTest {
    private static final int[] BATCHES = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 23, 24, 31, 32, 33, 64, 65};
    private static final int[] WINDOWS = {1, 2, 3, 4, 5, 7, 8, 9, 40, 101};

    @Test
    void theTestJvmUsesTheVectorKernels() {
        assertThat(Kernels.active().name())
                .as("surefire starts the tests with --add-modules jdk.incubator.vector (vector.jvm.flags in pom.xml)")
                .startsWith("vector");
        assertThat(Kernels.active().slack()).isPositive();
        assertThat(Kernels.scalar().name()).isEqualTo("scalar");
    }

    @Test
    void windowSumsHaveTheBitsOfTheScalarKernelsAndAgreeWithPlainSums() {
        Kernels vector = Kernels.active();
        Kernels scalar = Kernels.scalar();
        SplittableRandom rng = new SplittableRandom(7);
        for (int b : BATCHES) {
            for (int n : WINDOWS) {
                int rows = n + 6;
                int left = rng.nextInt(rows - n + 1);
                // exactly the slack the kernels ask for past the last row: reading further would throw
                double[] s0 = new double[rows * b + vector.slack()];
                double[] s1 = new double[rows * b + vector.slack()];
                for (int i = 0; i < rows * b; i++) {
                    s0[i] = rng.nextDouble();              // positive: a plain sum is accurate to rounding
                    s1[i] = rng.nextDouble() * 2 - 1;       // signed, like a derivative
                }
                int from = rng.nextInt(5);   // the window's weights start inside a longer array
                double[] weight = new double[from + n + rng.nextInt(3)];
                for (int k = 0; k < weight.length; k++) {
                    weight[k] = rng.nextDouble() * Math.pow(10, -rng.nextInt(8));
                }
                double[] v0 = new double[b + vector.slack()];
                double[] v1 = new double[b + vector.slack()];
                double[] c0 = new double[b];
                double[] c1 = new double[b];
                vector.windowSums(weight, from, n, s0, s1, left * b, b, v0, v1);
                scalar.windowSums(weight, from, n, s0, s1, left * b, b, c0, c1);
                String what = "b = " + b + ", window " + n;
                assertThat(Arrays.copyOf(v0, b)).as(what).isEqualTo(c0);
                assertThat(Arrays.copyOf(v1, b)).as(what).isEqualTo(c1);
                double[] single = new double[b + vector.slack()];
                vector.windowSum(weight, from, n, s1, left * b, b, single);
                assertThat(Arrays.copyOf(single, b)).as(what + ", one sequence").isEqualTo(c1);
                for (int j = 0; j < b; j++) {
                    double plain = 0;
                    double magnitude = 0;
                    double plain1 = 0;
                    for (int k = 0; k < n; k++) {
                        plain += weight[from + k] * s0[(left + k) * b + j];
                        plain1 += weight[from + k] * s1[(left + k) * b + j];
                        magnitude += Math.abs(weight[from + k] * s1[(left + k) * b + j]);
                    }
                    assertThat(Math.abs(c0[j] - plain)).as(what).isLessThanOrEqualTo(1e-14 * plain);
                    assertThat(Math.abs(c1[j] - plain1)).as(what).isLessThanOrEqualTo(1e-14 * magnitude);
                }
            }
        }
    }

    /** A whole batch of likelihoods and gradients, in both gradient modes: the same bits with either kernels. */
    @Test
    void likelihoodsHaveTheSameBitsWithEitherKernels() {
        for (int d : new int[] {1, 2, 3}) {
            Spec spec = RandomGraphs.random(70 + d, Options.parameterized(15, d));
            Graph g = spec.build();
            SplittableRandom rng = new SplittableRandom(d);
            double[] times = new double[300];
            for (int i = 0; i < times.length; i++) {
                times[i] = 0.02 + 4 * rng.nextDouble();
            }
            for (int batch : new int[] {1, 6, 20}) {
                double[][] thetas = new double[batch][];
                for (int j = 0; j < batch; j++) {
                    thetas[j] = spec.randomTheta(rng);
                }
                for (PhaseTypeLikelihood.Mode mode : PhaseTypeLikelihood.Mode.values()) {
                    double[] fast = new double[batch];
                    double[][] fastGradient = new double[batch][d];
                    PhaseTypeLikelihood.of(g, times).mode(mode).kernels(Kernels.active())
                            .evaluate(thetas, fast, fastGradient);
                    double[] plain = new double[batch];
                    double[][] plainGradient = new double[batch][d];
                    PhaseTypeLikelihood.of(g, times).mode(mode).kernels(Kernels.scalar())
                            .evaluate(thetas, plain, plainGradient);
                    String what = spec + ", batch " + batch + ", " + mode;
                    assertThat(fast).as(what).isEqualTo(plain);
                    assertThat(fastGradient).as(what).isDeepEqualTo(plainGradient);
                    for (double v : plain) {
                        assertThat(v).as(what).isFinite();
                    }
                }
            }
        }
    }

}
