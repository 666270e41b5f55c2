package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.graph.StateSpace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Posterior accuracy with deterministic quantile data x_i = F⁻¹((i − ½)/N | θ_true) and 50 particles, against the
 * exact posteriors of svgd.md §4 (issue 9): |mean − exact| ≤ 0.2 sd, sd within 10 %, correlation within 0.05.
 * And reproducibility: the same seed gives bit-identical particles on one and on two threads.
 */
@Tag("slow")
class InferenceAcceptanceTest {
    /** Quantiles of a distribution by bisection on its cdf. */
    static double[] quantiles(int n, DoubleUnaryOperator cdf, double upper) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = (i + 0.5) / n;
            double lo = 0;
            double hi = upper;
            for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
                double mid = 0.5 * (lo + hi);
                if (cdf.applyAsDouble(mid) < u) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            x[i] = 0.5 * (lo + hi);
        }
        return x;
    }

    /** A chain of k states, each left at rate θ (Erlang-k; k = 1 is Exp(θ)). */
    static Graph erlang(int k) {
        GraphBuilder b = new GraphBuilder(1, 1);
        int previous = 0;
        for (int i = 1; i <= k + 1; i++) {
            int v = b.addVertex(new int[] {i});
            if (previous == 0) {
                b.addEdge(0, v, 1.0);
            } else {
                b.addParameterizedEdge(previous, v, 1.0);
            }
            previous = v;
        }
        return b.build();
    }

    private static void check(InferenceResult r, int k, double mean, double sd) {
        assertThat(Math.abs(r.mean()[k] - mean)).as("|mean − exact| of θ%d (mean %s)", k, r.mean()[k])
                .isLessThanOrEqualTo(0.2 * sd);
        assertThat(r.sd()[k] / sd).as("sd ratio of θ%d (sd %s)", k, r.sd()[k]).isBetween(0.9, 1.1);
    }

    @Test
    void exponentialRateWithConjugateGammaPrior() {
        double[] x = quantiles(200, t -> 1 - Math.exp(-5 * t), 100);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        assertThat(sum).isCloseTo(39.9307269485, offset(1e-8));
        InferenceResult r = Inference.builder(erlang(1), x).prior(Priors.gamma(2, 1)).particles(50)
                .iterations(2000).seed(3).build().run();
        check(r, 0, 4.93516766, 0.34723718);
        // the MAP particle maximises the posterior density of φ = log θ: Gamma(202, 1 + Σx) in θ times θ, i.e.
        // 202·log θ − (1 + Σx)·θ up to a constant
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : r.particles()) {
            best = Math.max(best, 202 * Math.log(p[0]) - (1 + sum) * p[0]);
        }
        assertThat(202 * Math.log(r.map()[0]) - (1 + sum) * r.map()[0]).isCloseTo(best,
                offset(1e-9 * Math.abs(best)));
        // the 95% HPD interval of Gamma(202, 40.93) is [4.2625, 5.6216] (computed with scipy); 50 particles resolve it to ~0.1
        assertThat(r.hpdLower()[0]).isCloseTo(4.2625, offset(0.15));
        assertThat(r.hpdUpper()[0]).isCloseTo(5.6216, offset(0.15));
    }

    @Test
    void erlangThreeRate() {
        double[] x = quantiles(100, t -> 1 - Math.exp(-2 * t) * (1 + 2 * t + 2 * t * t), 100);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        assertThat(sum).isCloseTo(149.8048361984, offset(1e-8));
        InferenceResult r = Inference.builder(erlang(3), x).prior(Priors.gamma(2, 1)).particles(50)
                .iterations(2000).seed(4).build().run();
        check(r, 0, 2.00258830, 0.11523601);
    }

    /** The n = 4 block-counting coalescent with a for merges involving a singleton and b for the others. */
    static Graph twoRateCoalescent() {
        int n = 4;
        int[] start = new int[n];
        start[0] = n;
        return StateSpace.of(n).parameters(2).initial(start, 1.0).explore((s, out) -> {
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    boolean same = i == j;
                    if (s[i] == 0 || (same ? s[i] < 2 : s[j] < 1)) {
                        continue;
                    }
                    double rate = same ? s[i] * (s[i] - 1) / 2.0 : (double) s[i] * s[j];
                    int[] next = s.clone();
                    next[i]--;
                    next[j]--;
                    next[i + j + 1]++;
                    boolean singleton = i == 0 || j == 0;
                    out.addParameterized(next, singleton ? rate : 0, singleton ? 0 : rate);
                }
            }
        });
    }

    @Test
    void twoRateCoalescentCorrelatedPosterior() {
        Graph g = twoRateCoalescent();
        Uniformization truth = Uniformization.of(g.at(new double[] {1, 2}));
        double[] x = quantiles(2000, truth::cdf, 60);
        InferenceResult r = Inference.builder(g, x).priors(List.of(Priors.logNormal(0, 1), Priors.logNormal(0, 1)))
                .particles(50).iterations(1500).seed(5).threads(2).build().run();
        check(r, 0, 1.05176, 0.07208);
        check(r, 1, 1.67140, 0.49673);
        assertThat(r.correlation()[0][1]).isBetween(-0.9158 - 0.05, -0.9158 + 0.05);
    }

    @Test
    void sameSeedGivesBitIdenticalParticlesOnOneAndTwoThreads() {
        Graph g = twoRateCoalescent();
        double[] x = quantiles(300, Uniformization.of(g.at(new double[] {1, 2}))::cdf, 60);
        Inference.Builder b = Inference.builder(g, x).prior(Priors.logNormal(0, 1)).particles(40).iterations(60)
                .seed(9);
        double[][] one = b.threads(1).build().run().particles();
        double[][] two = b.threads(2).build().run().particles();
        assertThat(two).isDeepEqualTo(one);
    }
}
