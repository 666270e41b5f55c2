package org.jphasic.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jphasic.ParameterException;
import org.jphasic.PhasicException;
import org.jphasic.ProgressListener;

/**
 * Stein variational gradient descent (Liu &amp; Wang 2016): n particles x_i ∈ R^d move along
 *
 * <pre>
 *     φ̂(x_i) = (1/n) Σ_j [ γ_t·k(x_j, x_i)·∇log p(x_j) + ∇_{x_j} k(x_j, x_i) ],
 * </pre>
 *
 * the steepest descent direction of KL(q ‖ p) in the kernel's RKHS. The second term is repulsive: with the RBF
 * kernel k(x, y) = exp(−‖x − y‖²/h), ∇_{x_j} k(x_j, x_i) = (2/h)(x_i − x_j)k, which pushes x_i away from its
 * neighbours (the reference library has the opposite sign and collapses the posterior). The bandwidth is the
 * median heuristic h = med²/log(n + 1), med the median pairwise distance, recomputed every iteration.
 * γ_t ∈ (0, 1] is an optional annealing of the driving term; γ = 1 is the exact target.
 *
 * <p>Steps: AdaGrad with momentum (Liu's: G ← 0.9G + 0.1φ̂², x ← x + ε_t φ̂/(10⁻⁶ + √G)) or Adam, with a step
 * schedule ε_t. The run stops when the fixed-point residual max_i ‖ε_t φ̂(x_i)‖ stays below a tolerance times
 * the smallest particle sd for {@code patience} iterations, or at the iteration cap. Everything is deterministic
 * given the seed (the density's batch evaluation must be too); cost O(n²d) per iteration plus the density.
 *
 * <p>Progress goes to an optional {@link ProgressListener} as task {@value #PROGRESS_TASK}: {@code done} is the
 * number of iterations completed and {@code total} the iteration cap. It reports 0 at the start, then fewer than
 * 200 times during the run (every ⌈cap/200⌉ iterations, so long runs are throttled), and always once more when
 * the run ends, with the iterations actually run — below the cap when the fixed-point criterion stopped it. The
 * listener is called on the thread that calls {@link #run()}; it only observes, so results are the same with or
 * without it.
 *
 * <pre>{@code
 * SvgdResult r = Svgd.builder(logDensity).particles(50).iterations(2000).seed(7)
 *         .stepSchedule(StepSchedule.geometric(0.05, 5e-4))
 *         .progress((task, done, total) -> System.err.println(task + ": " + done + "/" + total))
 *         .build().run();
 * }</pre>
 */
public final class Svgd {
    /** The task name of the progress reports. */
    public static final String PROGRESS_TASK = "SVGD iterations";

    /** Progress reports during a run are thinned to fewer than this many (besides the first and the last). */
    private static final int PROGRESS_REPORTS = 200;

    /** The step rule. */
    public enum Optimizer {
        /** Liu and Wang's AdaGrad with momentum (decay 0.9). */
        ADAGRAD,
        /** Adam (β₁ = 0.9, β₂ = 0.999). */
        ADAM
    }

    private final Builder b;

    private Svgd(Builder b) {
        this.b = b;
    }

    /**
     * @param density the target log density on R^d (the φ-space posterior)
     * @return a builder
     */
    public static Builder builder(LogDensity density) {
        return new Builder(density);
    }

    /** Configures a run. */
    public static final class Builder {
        private final LogDensity density;
        private int particles = 50;
        private int iterations = 1000;
        private long seed = 1;
        private StepSchedule schedule = StepSchedule.geometric(0.05, 5e-4);
        private Optimizer optimizer = Optimizer.ADAGRAD;
        private double annealFraction;
        private double tolerance = 1e-3;
        private int patience = 50;
        private double[][] initial;
        private double[] initialCenter;
        private double initialSpread = 1;
        private int historySnapshots = 100;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder(LogDensity density) {
            this.density = density;
        }

        /**
         * @param n the number of particles, at least 2
         * @return this
         */
        public Builder particles(int n) {
            if (n < 2) {
                throw new ParameterException("SVGD needs at least 2 particles, got " + n);
            }
            this.particles = n;
            return this;
        }

        /**
         * @param n the iteration cap, at least 1
         * @return this
         */
        public Builder iterations(int n) {
            if (n < 1) {
                throw new ParameterException("the iteration cap must be at least 1, got " + n);
            }
            this.iterations = n;
            return this;
        }

        /**
         * @param seed the seed of the initial particles
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param schedule the step sizes
         * @return this
         */
        public Builder stepSchedule(StepSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param optimizer the step rule
         * @return this
         */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Anneals the driving term: γ_t rises linearly from 0 to 1 over the first {@code fraction} of the
         * iterations, then stays 1 (annealed SVGD, D'Angelo &amp; Fortuin 2020).
         *
         * @param fraction in [0, 1); 0 disables annealing
         * @return this
         */
        public Builder annealing(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new ParameterException("annealing fraction must be in [0, 1), got " + fraction);
            }
            this.annealFraction = fraction;
            return this;
        }

        /**
         * @param tolerance the fixed-point tolerance relative to the smallest particle sd
         * @param patience  iterations the residual must stay below it
         * @return this
         */
        public Builder stopping(double tolerance, int patience) {
            this.tolerance = tolerance;
            this.patience = patience;
            return this;
        }

        /**
         * @param particles the initial particles (n × d; copied), instead of random ones
         * @return this
         */
        public Builder initialParticles(double[][] particles) {
            this.initial = new double[particles.length][];
            for (int i = 0; i < particles.length; i++) {
                this.initial[i] = particles[i].clone();
            }
            this.particles = particles.length;
            return this;
        }

        /**
         * Random initial particles x = center + spread·N(0, I) from the seed (default center 0, spread 1).
         *
         * @param center the center (length d)
         * @param spread the standard deviation
         * @return this
         */
        public Builder initialDistribution(double[] center, double spread) {
            this.initialCenter = center.clone();
            this.initialSpread = spread;
            return this;
        }

        /**
         * @param n how many particle snapshots to keep at most (thinned evenly)
         * @return this
         */
        public Builder historySnapshots(int n) {
            this.historySnapshots = Math.max(0, n);
            return this;
        }

        /**
         * Sets where progress is reported: task {@value Svgd#PROGRESS_TASK}, done = iterations completed, total =
         * the iteration cap; a few hundred reports at most, the last one with the iterations actually run (see
         * the class description). The default, {@link ProgressListener#NONE}, reports nothing.
         *
         * @param listener the listener; {@link ProgressListener#NONE} for none
         * @return this
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener,
                    "the progress listener is null; pass ProgressListener.NONE for no progress reports");
            return this;
        }

        /** @return the configured run */
        public Svgd build() {
            return new Svgd(this);
        }
    }

    /**
     * Runs SVGD.
     *
     * @return the final particles and diagnostics
     * @throws PhasicException if the density is not finite at some particle
     */
    public SvgdResult run() {
        int n = b.particles;
        int d = b.density.dimension();
        double[][] x = initialParticles(n, d);
        double[] logp = new double[n];
        double[][] score = new double[n][d];
        double[][] update = new double[n][d];
        double[][] g = new double[n][d];   // AdaGrad accumulator or Adam second moment
        double[][] m = new double[n][d];   // Adam first moment
        double[][] kernel = new double[n][n];
        double[] distances = new double[n * (n - 1) / 2];
        List<double[]> sdHistory = new ArrayList<>();
        List<double[][]> history = new ArrayList<>();
        List<Integer> historyIterations = new ArrayList<>();
        int every = b.historySnapshots == 0 ? Integer.MAX_VALUE : Math.max(1, b.iterations / b.historySnapshots);
        int reportEvery = Math.max(1, (b.iterations + PROGRESS_REPORTS - 1) / PROGRESS_REPORTS);
        b.progress.update(PROGRESS_TASK, 0, b.iterations);
        int calm = 0;
        double residual = Double.NaN;
        int t = 0;
        boolean converged = false;
        for (; t < b.iterations; t++) {
            evaluate(x, logp, score, t);
            double h = bandwidth(x, distances);
            double gamma = b.annealFraction == 0 ? 1 : Math.min(1, (t + 1) / (b.annealFraction * b.iterations));
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double k = Math.exp(-squaredDistance(x[i], x[j]) / h);
                    kernel[i][j] = k;
                    kernel[j][i] = k;
                }
            }
            for (int i = 0; i < n; i++) {
                double[] phi = update[i];
                Arrays.fill(phi, 0);
                for (int j = 0; j < n; j++) {
                    double k = kernel[i][j];
                    double repulsion = 2 * k / h;
                    for (int c = 0; c < d; c++) {
                        phi[c] += gamma * k * score[j][c] + repulsion * (x[i][c] - x[j][c]);
                    }
                }
                for (int c = 0; c < d; c++) {
                    phi[c] /= n;
                }
            }
            double epsilon = b.schedule.step(t, b.iterations);
            double largestMove = 0;
            for (int i = 0; i < n; i++) {
                double move = 0;
                for (int c = 0; c < d; c++) {
                    double phi = update[i][c];
                    double delta;
                    if (b.optimizer == Optimizer.ADAGRAD) {
                        g[i][c] = t == 0 ? phi * phi : 0.9 * g[i][c] + 0.1 * phi * phi;
                        delta = epsilon * phi / (1e-6 + Math.sqrt(g[i][c]));
                    } else {
                        m[i][c] = 0.9 * m[i][c] + 0.1 * phi;
                        g[i][c] = 0.999 * g[i][c] + 0.001 * phi * phi;
                        double mHat = m[i][c] / (1 - Math.pow(0.9, t + 1));
                        double vHat = g[i][c] / (1 - Math.pow(0.999, t + 1));
                        delta = epsilon * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                    x[i][c] += delta;
                    move += delta * delta;
                }
                largestMove = Math.max(largestMove, Math.sqrt(move));
            }
            double[] sd = standardDeviations(x);
            double smallest = Arrays.stream(sd).min().orElse(0);
            residual = smallest > 0 ? largestMove / smallest : Double.POSITIVE_INFINITY;
            if (t % every == 0) {
                sdHistory.add(sd);
                history.add(copy(x));
                historyIterations.add(t + 1);
            }
            calm = residual < b.tolerance && gamma == 1 ? calm + 1 : 0;
            if (calm >= b.patience) {
                converged = true;
                t++;
                break;
            }
            if ((t + 1) % reportEvery == 0 && t + 1 < b.iterations) {
                b.progress.update(PROGRESS_TASK, t + 1, b.iterations);
            }
        }
        b.progress.update(PROGRESS_TASK, t, b.iterations);   // the cap, or fewer when the run converged
        evaluate(x, logp, score, t);
        double ksd = steinDiscrepancy(x, score);
        sdHistory.add(standardDeviations(x));
        history.add(copy(x));
        historyIterations.add(t);
        return new SvgdResult(x, logp.clone(), t, converged, residual, ksd, sdHistory, history, historyIterations);
    }

    private double[][] initialParticles(int n, int d) {
        if (b.initial != null) {
            for (double[] p : b.initial) {
                if (p.length != d) {
                    throw new ParameterException("initial particles have dimension " + p.length + ", the density "
                            + d);
                }
            }
            return copy(b.initial);
        }
        double[] center = b.initialCenter == null ? new double[d] : b.initialCenter;
        if (center.length != d) {
            throw new ParameterException("initial center has dimension " + center.length + ", the density " + d);
        }
        SplittableRandom rng = new SplittableRandom(b.seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                x[i][c] = center[c] + b.initialSpread * Priors.gaussian(rng);
            }
        }
        return x;
    }

    private void evaluate(double[][] x, double[] logp, double[][] score, int iteration) {
        b.density.evaluate(x, logp, score);
        for (int i = 0; i < x.length; i++) {
            boolean finite = Double.isFinite(logp[i]);
            for (double s : score[i]) {
                finite &= Double.isFinite(s);
            }
            if (!finite) {
                throw new PhasicException("the log density is not finite at particle " + i + " "
                        + Arrays.toString(x[i]) + " (iteration " + iteration + "): log p = " + logp[i]
                        + ". Check the priors' supports and the transforms, or use smaller steps");
            }
        }
    }

    /** h = med²/log(n + 1), med the median pairwise distance (h = 1 if all particles coincide). */
    static double bandwidth(double[][] x, double[] scratch) {
        int n = x.length;
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                scratch[k++] = Math.sqrt(squaredDistance(x[i], x[j]));
            }
        }
        Arrays.sort(scratch, 0, k);
        double median = k % 2 == 1 ? scratch[k / 2] : 0.5 * (scratch[k / 2 - 1] + scratch[k / 2]);
        double h = median * median / Math.log(n + 1);
        return h > 0 ? h : 1;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            double diff = a[c] - b[c];
            s += diff * diff;
        }
        return s;
    }

    static double[] standardDeviations(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] sd = new double[d];
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (double[] p : x) {
                mean += p[c];
            }
            mean /= n;
            double ss = 0;
            for (double[] p : x) {
                ss += (p[c] - mean) * (p[c] - mean);
            }
            sd[c] = Math.sqrt(ss / (n - 1));
        }
        return sd;
    }

    /**
     * The kernel Stein discrepancy with the inverse multiquadric kernel k = (1 + r²)^{−1/2} (Gorham &amp; Mackey
     * 2017): KSD² = (1/n²) Σ_ij [s_iᵀs_j k + s_iᵀ∇_y k + ∇_x kᵀ s_j + tr ∇_x∇_y k].
     */
    static double steinDiscrepancy(double[][] x, double[][] s) {
        int n = x.length;
        int d = x[0].length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r2 = squaredDistance(x[i], x[j]);
                double q = 1 + r2;
                double k = 1 / Math.sqrt(q);
                double common = -1 / (q * Math.sqrt(q)); // dk/d(r²)·2 = −q^{−3/2}
                double ss = 0;
                double sxGrad = 0;
                for (int c = 0; c < d; c++) {
                    double diff = x[i][c] - x[j][c];
                    ss += s[i][c] * s[j][c];
                    // ∇_x k = −q^{−3/2}(x − y), ∇_y k = +q^{−3/2}(x − y)
                    sxGrad += -s[i][c] * common * diff + common * diff * s[j][c];
                }
                double trace = d / (q * Math.sqrt(q)) - 3 * r2 / (q * q * Math.sqrt(q));
                sum += ss * k + sxGrad + trace;
            }
        }
        return Math.sqrt(Math.max(0, sum) / ((double) n * n));
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
