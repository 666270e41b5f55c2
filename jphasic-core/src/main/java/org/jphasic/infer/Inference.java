package org.jphasic.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jphasic.ParameterException;
import org.jphasic.ProgressListener;
import org.jphasic.graph.Graph;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceRecorder;

/**
 * Bayesian inference of the rate parameters θ of a parameterized graph from observed absorption times (or jump
 * counts of a discrete graph), by Stein variational gradient descent on the exact likelihood with exact gradients.
 * Priors are stated in θ-space; parameters live in an unconstrained space through a transform per parameter
 * (by default the prior's natural one: log for positive priors, logit for uniform ones). Progress of the SVGD
 * iterations can be followed through a {@link ProgressListener} (task {@value Svgd#PROGRESS_TASK}; see
 * {@link Builder#progress(ProgressListener)}).
 *
 * <pre>{@code
 * InferenceResult r = Inference.builder(graph, times)
 *         .prior(Priors.parse("gamma:2,1"))
 *         .particles(50).iterations(2000).seed(7)
 *         .progress((task, done, total) -> System.err.printf("%s: %d/%d%n", task, done, total))
 *         .build().run();
 * double[] mean = r.mean();
 * }</pre>
 */
public final class Inference {
    private final Builder b;

    private Inference(Builder b) {
        this.b = b;
    }

    /**
     * @param graph        a parameterized graph
     * @param observations absorption times (continuous) or jump counts (discrete). Not modified.
     * @return a builder
     */
    public static Builder builder(Graph graph, double[] observations) {
        return new Builder(graph, observations);
    }

    /** Configures an inference. */
    public static final class Builder {
        private final Graph graph;
        private final double[] observations;
        private List<Prior> priors;
        private List<Transform> transforms;
        private int particles = 50;
        private int iterations = 2000;
        private long seed = 1;
        private int threads = 1;
        private StepSchedule schedule = StepSchedule.geometric(0.05, 5e-4);
        private Svgd.Optimizer optimizer = Svgd.Optimizer.ADAGRAD;
        private double annealing;
        private int momentOrder;
        private double momentWeight;
        private PhaseTypeLikelihood.Mode mode = PhaseTypeLikelihood.Mode.AUTO;
        private ProgressListener progress = ProgressListener.NONE;
        private double[] rewards;

        private Builder(Graph graph, double[] observations) {
            if (graph.parameterCount() == 0) {
                throw new ParameterException("the graph has no parameters to infer; build it with parameterized "
                        + "edges (weights c·θ)");
            }
            this.graph = graph;
            this.observations = observations.clone();
        }

        /**
         * @param prior the prior of every parameter
         * @return this
         */
        public Builder prior(Prior prior) {
            this.priors = new ArrayList<>();
            for (int k = 0; k < graph.parameterCount(); k++) {
                priors.add(prior);
            }
            return this;
        }

        /**
         * @param priors one prior per parameter
         * @return this
         */
        public Builder priors(List<Prior> priors) {
            this.priors = List.copyOf(priors);
            return this;
        }

        /**
         * @param transform the transform of every parameter
         * @return this
         */
        public Builder transform(Transform transform) {
            this.transforms = new ArrayList<>();
            for (int k = 0; k < graph.parameterCount(); k++) {
                transforms.add(transform);
            }
            return this;
        }

        /**
         * @param transforms one transform per parameter
         * @return this
         */
        public Builder transforms(List<Transform> transforms) {
            this.transforms = List.copyOf(transforms);
            return this;
        }

        /**
         * @param n particles, at least 2
         * @return this
         */
        public Builder particles(int n) {
            this.particles = n;
            return this;
        }

        /**
         * @param n the iteration cap
         * @return this
         */
        public Builder iterations(int n) {
            this.iterations = n;
            return this;
        }

        /**
         * @param seed the seed
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param threads threads for the likelihood (results do not depend on it)
         * @return this
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new ParameterException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
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
        public Builder optimizer(Svgd.Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * @param fraction annealing fraction (see {@link Svgd.Builder#annealing})
         * @return this
         */
        public Builder annealing(double fraction) {
            this.annealing = fraction;
            return this;
        }

        /**
         * Adds the moment-matching penalty −(λ/2) Σ_{m ≤ order} ((E[T^m](θ) − m̂_m)/m̂_m)².
         *
         * @param order  the highest moment matched, at least 1
         * @param weight λ &gt; 0
         * @return this
         */
        public Builder momentMatching(int order, double weight) {
            if (order < 1 || !(weight > 0)) {
                throw new ParameterException("moment matching needs order >= 1 and weight > 0, got " + order + ", "
                        + weight);
            }
            this.momentOrder = order;
            this.momentWeight = weight;
            return this;
        }

        /**
         * @param mode forward, reverse or automatic gradients
         * @return this
         */
        public Builder gradientMode(PhaseTypeLikelihood.Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets where the progress of the SVGD iterations is reported: task {@value Svgd#PROGRESS_TASK}, done =
         * iterations completed, total = the iteration cap, a few hundred reports at most and a last one with the
         * iterations actually run (fewer than the cap when the run converged early); see {@link Svgd}. Reporting
         * does not change the result. The default, {@link ProgressListener#NONE}, reports nothing.
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

        /**
         * Makes the observations accumulated rewards Y = ∫ r(X_t) dt (discrete graphs: the sum of the rewards of
         * the visited vertices) instead of absorption times; the likelihood goes through the reward transform
         * ({@link PhaseTypeLikelihood#ofRewards}), and moment matching compares the moments of Y.
         *
         * @param rewards one reward per vertex: finite, non-negative, whole numbers for a discrete graph, some
         *                positive. Not modified.
         * @return this
         * @throws ParameterException if the rewards do not fit the graph
         */
        public Builder rewards(double[] rewards) {
            if (rewards == null || rewards.length != graph.vertexCount()) {
                throw new ParameterException("rewards has length " + (rewards == null ? 0 : rewards.length)
                        + " but the graph has " + graph.vertexCount() + " vertices; give one reward per vertex");
            }
            this.rewards = rewards.clone();
            return this;
        }

        /** @return the inference */
        public Inference build() {
            if (priors == null) {
                throw new ParameterException("give a prior for every parameter (prior(...) or priors(...))");
            }
            return new Inference(this);
        }
    }

    /**
     * Runs SVGD.
     *
     * @return the posterior summary
     */
    public InferenceResult run() {
        long start = System.nanoTime();
        int d = b.graph.parameterCount();
        if (b.priors.size() != d) {
            throw new ParameterException("the graph has " + d + " parameters but " + b.priors.size()
                    + " priors were given");
        }
        List<Transform> transforms = b.transforms;
        if (transforms == null) {
            transforms = new ArrayList<>();
            for (Prior p : b.priors) {
                transforms.add(p.naturalTransform());
            }
        }
        PhaseTypeLikelihood likelihood = (b.rewards == null ? PhaseTypeLikelihood.of(b.graph, b.observations)
                : PhaseTypeLikelihood.ofRewards(b.graph, b.rewards, b.observations)).mode(b.mode);
        Trace momentTrace = null;
        double[] sampleMoments = null;
        if (b.momentOrder > 0) {
            momentTrace = TraceRecorder.record(b.graph);
            sampleMoments = new double[b.momentOrder];
            for (double x : b.observations) {
                double power = 1;
                for (int m = 0; m < b.momentOrder; m++) {
                    power *= x;
                    sampleMoments[m] += power / b.observations.length;
                }
            }
        }
        PosteriorDensity posterior = new PosteriorDensity(likelihood, b.priors, transforms, momentTrace,
                sampleMoments, b.momentWeight, b.rewards);
        // initial particles: prior draws, mapped to φ
        SplittableRandom rng = new SplittableRandom(b.seed);
        double[][] initial = new double[b.particles][d];
        for (int i = 0; i < b.particles; i++) {
            for (int k = 0; k < d; k++) {
                initial[i][k] = transforms.get(k).toPhi(b.priors.get(k).sample(rng));
            }
        }
        ExecutorService pool = b.threads > 1 ? Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "jphasic-likelihood");
            t.setDaemon(true);
            return t;
        }) : null;
        SvgdResult r;
        try {
            likelihood.executor(pool, b.threads);
            r = Svgd.builder(posterior).initialParticles(initial).iterations(b.iterations).seed(b.seed)
                    .stepSchedule(b.schedule).optimizer(b.optimizer).annealing(b.annealing).progress(b.progress)
                    .build().run();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return summarise(r, posterior, System.nanoTime() - start);
    }

    private static InferenceResult summarise(SvgdResult r, PosteriorDensity posterior, long nanos) {
        double[][] phi = r.particles();
        int n = phi.length;
        int d = phi[0].length;
        double[][] theta = new double[n][];
        for (int i = 0; i < n; i++) {
            theta[i] = posterior.toTheta(phi[i]);
        }
        double[] mean = new double[d];
        for (double[] t : theta) {
            for (int k = 0; k < d; k++) {
                mean[k] += t[k] / n;
            }
        }
        double[][] covariance = new double[d][d];
        for (double[] t : theta) {
            for (int k = 0; k < d; k++) {
                for (int l = 0; l < d; l++) {
                    covariance[k][l] += (t[k] - mean[k]) * (t[l] - mean[l]) / (n - 1);
                }
            }
        }
        double[] sd = new double[d];
        for (int k = 0; k < d; k++) {
            sd[k] = Math.sqrt(covariance[k][k]);
        }
        double[][] correlation = new double[d][d];
        for (int k = 0; k < d; k++) {
            for (int l = 0; l < d; l++) {
                // the diagonal is 1 by definition (sd² rounds, so the quotient could miss it by an ulp)
                correlation[k][l] = k == l ? 1.0 : covariance[k][l] / (sd[k] * sd[l]);
            }
        }
        double[] lower = new double[d];
        double[] upper = new double[d];
        for (int k = 0; k < d; k++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = theta[i][k];
            }
            Arrays.sort(column);
            int width = Math.max(1, (int) Math.ceil(0.95 * n)) - 1;
            int best = 0;
            for (int i = 0; i + width < n; i++) {
                if (column[i + width] - column[i] < column[best + width] - column[best]) {
                    best = i;
                }
            }
            lower[k] = column[best];
            upper[k] = column[best + width];
        }
        int map = 0;
        for (int i = 1; i < n; i++) {
            if (r.logDensities()[i] > r.logDensities()[map]) {
                map = i;
            }
        }
        List<double[]> sdHistory = new ArrayList<>();
        List<double[][]> history = new ArrayList<>();
        for (double[][] snapshot : r.history()) {
            double[][] t = new double[snapshot.length][];
            for (int i = 0; i < snapshot.length; i++) {
                t[i] = posterior.toTheta(snapshot[i]);
            }
            history.add(t);
            sdHistory.add(Svgd.standardDeviations(t));
        }
        return new InferenceResult(theta, phi, mean, sd, correlation, lower, upper, theta[map].clone(),
                r.iterations(), r.converged(), r.residual(), r.steinDiscrepancy(), sdHistory, history,
                r.historyIterations(), nanos / 1e9);
    }
}
