package org.jphasic.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jphasic.ParameterException;
import org.jphasic.PhasicException;
import org.jphasic.dist.PoissonWindow;
import org.jphasic.graph.Graph;

/**
 * The log-likelihood ℓ(θ) = Σ_i log f(x_i | θ) of observed absorption times (continuous graphs) or jump counts
 * (discrete graphs) of a parameterized graph, with its exact gradient, for a batch of parameter vectors at once.
 *
 * <p><b>Continuous.</b> With any Λ ≥ max_v λ_v(θ), P = I + S/Λ and f(t) = Σ_k Pois(k; Λt)·a_k, a_k = αP^k s
 * (svgd.md §3). The identity holds for every such Λ, so Λ is held fixed while differentiating: the Poisson
 * weights do not depend on θ and the derivative is exact. The sequences a_k (and their derivatives) do not
 * depend on t, so all observations are served by one power iteration up to the largest window; each
 * observation sums its own Poisson window (Fox–Glynn, no underflow). One Λ is shared by every parameter vector of
 * a batch, so the windows are shared too and every inner loop runs across the batch.
 *
 * <p><b>Discrete.</b> pmf(k) = αT^{k−1}t with the actual sub-transition matrix (self-transition 1 − λ_v): the
 * same sequence without Poisson mixing.
 *
 * <p><b>Gradients.</b> Forward mode carries ∂v_k/∂θ_p along (cost (1 + d)× the value); reverse mode stores v_k,
 * runs y_k = P y_{k+1} + w_{k+1} s backwards with w_k = Σ_obs π_k(Λt_obs)/f(t_obs), accumulates the adjoint of
 * every edge weight, ∂ℓ/∂w_e = (1/Λ)Σ_k v_k[i](y_k[j] − y_k[i]) (+ Σ_k w_k v_k[i] for an edge into absorption),
 * and maps it to θ through the coefficients (cost ≈ 3× the value, whatever d). {@link Mode#AUTO} uses forward
 * mode for d ≤ 2.
 *
 * <p>Results for one θ do not depend on the batch it is in beyond Λ, and not on the number of threads: the
 * batch is split into fixed chunks and every sum runs in a fixed order.
 *
 * <pre>{@code
 * PhaseTypeLikelihood lik = PhaseTypeLikelihood.of(graph, times);
 * double[] values = new double[n];
 * double[][] gradients = new double[n][graph.parameterCount()];
 * lik.evaluate(thetas, values, gradients);
 * }</pre>
 */
public final class PhaseTypeLikelihood implements LogDensity {
    /** How the gradient is computed. */
    public enum Mode {
        /** Forward mode for at most two parameters, reverse mode otherwise. */
        AUTO,
        /** Carry the derivative of every vector with respect to every parameter. */
        FORWARD,
        /** Store the power sequence and sweep back with edge-weight adjoints. */
        REVERSE
    }

    /** Poisson truncation of the window: the omitted mass is at most this. */
    private static final double POISSON_DELTA = 1e-15;
    /**
     * The window omits Poisson mass at most δ/4 on each side, so its error is at most (δ/4)·(the largest a_k it
     * omits). A window sum below 2.5·10⁻⁵ of that largest omitted a_k could be off by more than 10⁻¹¹ relative;
     * such densities are summed exactly over the whole range instead.
     */
    private static final double RELATIVE_GUARD = (POISSON_DELTA / 4) / 1e-11;
    private static final double LOG_RELATIVE_GUARD = Math.log(RELATIVE_GUARD);
    /** Transient mass below this is rescaled (by an exact power of two) before it can underflow. */
    private static final double UNDERFLOW_GUARD = 0x1p-600;
    private static final double LN2 = Math.log(2);
    /**
     * A sum over the whole range in plain doubles is used when it is at least this fraction of the largest a_k: the
     * terms that underflowed (each below 5·10⁻³²⁴·max a_k) are then at most 10⁻¹⁰⁰ of it, relatively. Smaller sums
     * are redone in log space.
     */
    private static final double LINEAR_FLOOR = 1e-200;

    private final Graph graph;
    private final double[] observations;
    private final boolean discrete;
    private final int d;
    private final int transientCount;
    private final double[] alpha;       // initial probabilities of transient vertices; null if they depend on θ
    // edges out of transient vertices: weight = edgeConstant + edgeCoefficient·θ (affine), or from the model
    private final int[] edgeFrom;
    private final int[] edgeTo;         // transient index, or −1 for absorbing
    private final double[] edgeConstant;
    private final double[][] edgeCoefficient; // null for constant edges
    private final int edgeCount;
    /** Rewarded data whose transform is not affine in θ: weights, α and their Jacobians per θ; else null. */
    private final RewardedModel model;
    private Mode mode = Mode.AUTO;
    private double lambdaFactor = 1.0;
    private ExecutorService pool;
    private int parallelism = 1;
    private final List<Windows> recentWindows = new ArrayList<>();
    /** The observations' indices in order of time, and for each the first of that order with the same time. */
    private final int[] timeOrder;
    private final int[] firstOfTime;
    private double currentLambda;
    private volatile Diagonal diagonal;
    private Kernels kernels = Kernels.active();

    private PhaseTypeLikelihood(Graph graph, double[] observations) {
        this.graph = graph;
        this.observations = observations.clone();
        this.timeOrder = timeOrder(this.observations);
        this.firstOfTime = firstOfTime(this.observations, timeOrder);
        this.discrete = graph.isDiscrete();
        this.d = graph.parameterCount();
        this.model = null;
        int n = graph.vertexCount();
        int[] transientIndex = new int[n];
        int count = 0;
        for (int v = 0; v < n; v++) {
            transientIndex[v] = v != Graph.START && !graph.isAbsorbing(v) ? count++ : -1;
        }
        transientCount = count;
        alpha = new double[count];
        for (int e = graph.edgeStart(Graph.START); e < graph.edgeEnd(Graph.START); e++) {
            int t = transientIndex[graph.edgeTarget(e)];
            if (t >= 0) {
                alpha[t] += graph.edgeWeight(e);
            }
        }
        int m = graph.edgeCount() - graph.outDegree(Graph.START);
        edgeFrom = new int[m];
        edgeTo = new int[m];
        edgeConstant = new double[m];
        edgeCoefficient = new double[m][];
        int i = 0;
        for (int v = 1; v < n; v++) {
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                edgeFrom[i] = transientIndex[v];
                edgeTo[i] = transientIndex[graph.edgeTarget(e)];
                if (graph.isEdgeParameterized(e)) {
                    edgeCoefficient[i] = graph.coefficients(e);
                } else {
                    edgeConstant[i] = graph.edgeWeight(e);
                }
                i++;
            }
        }
        edgeCount = m;
        checkObservations("absorption time", "number of jumps");
    }

    /** The likelihood of accumulated rewards: the absorption time of the reward-transformed graph. */
    private PhaseTypeLikelihood(Graph graph, RewardedModel transform, double[] observations) {
        this.graph = graph;
        this.observations = observations.clone();
        this.timeOrder = timeOrder(this.observations);
        this.firstOfTime = firstOfTime(this.observations, timeOrder);
        this.discrete = graph.isDiscrete();
        this.d = graph.parameterCount();
        transientCount = transform.transientCount();
        edgeCount = transform.edgeCount();
        edgeFrom = new int[edgeCount];
        edgeTo = new int[edgeCount];
        edgeConstant = new double[edgeCount];
        edgeCoefficient = new double[edgeCount][];
        for (int e = 0; e < edgeCount; e++) {
            edgeFrom[e] = transform.edgeFrom(e);
            edgeTo[e] = transform.edgeTo(e);
            if (transform.isAffine()) {
                edgeConstant[e] = transform.affineOffset(e);
                double[] c = transform.affineCoefficients(e);
                edgeCoefficient[e] = c == null ? null : c.clone();
            }
        }
        alpha = transform.isAffine() ? transform.constantAlpha() : null;
        model = transform.isAffine() ? null : transform;
        checkObservations("reward total", "whole-number reward total");
    }

    /** @return the indices of the observations in order of time (equal times in order of index) */
    private static int[] timeOrder(double[] times) {
        return java.util.stream.IntStream.range(0, times.length).boxed()
                .sorted(java.util.Comparator.comparingDouble(k -> times[k])).mapToInt(Integer::intValue).toArray();
    }

    /** @return for each observation, the first in {@code order} with the same time (itself if none) */
    private static int[] firstOfTime(double[] times, int[] order) {
        int[] first = new int[times.length];
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            first[i] = r > 0 && times[order[r - 1]] == times[i] ? first[order[r - 1]] : i;
        }
        return first;
    }

    private void checkObservations(String continuousWhat, String discreteWhat) {
        for (int k = 0; k < observations.length; k++) {
            double x = observations[k];
            if (!(x >= 0) || !Double.isFinite(x) || (discrete && x != Math.rint(x))) {
                throw new ParameterException("observation " + k + " is " + x + "; expected a "
                        + (discrete ? "non-negative " + discreteWhat : "finite non-negative " + continuousWhat));
            }
        }
    }

    /**
     * @param graph        a parameterized (or constant) graph
     * @param observations absorption times (continuous) or jump counts (discrete). Not modified.
     * @return the likelihood
     */
    public static PhaseTypeLikelihood of(Graph graph, double[] observations) {
        if (observations.length == 0) {
            throw new ParameterException("no observations: the likelihood needs at least one");
        }
        return new PhaseTypeLikelihood(graph, observations);
    }

    /**
     * The likelihood of observed accumulated rewards Y = ∫ r(X_t) dt (discrete graphs: the sum of the rewards of
     * the visited vertices), through the reward transform recorded once as a program of θ: exact values and
     * gradients, as for absorption times. With every reward positive the transformed weights stay linear in θ
     * and the cost is that of {@link #of(Graph, double[])}; zero rewards make them rational functions of θ, whose
     * Jacobian is carried forward (a cost of d + 1 evaluations of the transform per θ).
     *
     * @param graph        a parameterized (or constant) graph
     * @param rewards      one reward per vertex: finite, non-negative, whole numbers for a discrete graph, some
     *                     positive; the start's and absorbing vertices' entries are ignored. Not modified.
     * @param observations observed reward totals. Not modified.
     * @return the likelihood
     * @throws ParameterException if the rewards or observations do not fit the graph
     */
    public static PhaseTypeLikelihood ofRewards(Graph graph, double[] rewards, double[] observations) {
        if (observations.length == 0) {
            throw new ParameterException("no observations: the likelihood needs at least one");
        }
        return new PhaseTypeLikelihood(graph, RewardedModel.of(graph, rewards), observations);
    }

    /**
     * @param mode how gradients are computed
     * @return this
     */
    public PhaseTypeLikelihood mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /**
     * Uses a Λ of at least factor × the largest exit rate of the batch (default 1). Results do not depend on it;
     * tests use it to show so.
     *
     * @param factor at least 1
     * @return this
     */
    public PhaseTypeLikelihood uniformizationFactor(double factor) {
        if (!(factor >= 1)) {
            throw new ParameterException("the uniformisation factor must be at least 1, got " + factor);
        }
        this.lambdaFactor = factor;
        return this;
    }

    /**
     * Splits batches over a thread pool; results do not change (every computation is elementwise across the
     * batch).
     *
     * @param pool the pool, or null to compute in the calling thread
     * @return this
     */
    public PhaseTypeLikelihood executor(ExecutorService pool) {
        return executor(pool, 2);
    }

    /**
     * Splits batches over a thread pool, one chunk per thread; results do not change.
     *
     * @param pool        the pool, or null to compute in the calling thread
     * @param parallelism the pool's number of threads
     * @return this
     */
    public PhaseTypeLikelihood executor(ExecutorService pool, int parallelism) {
        if (parallelism < 1) {
            throw new ParameterException("parallelism must be at least 1, got " + parallelism);
        }
        this.pool = pool;
        this.parallelism = parallelism;
        return this;
    }

    /** Uses the given kernels (tests: the scalar and the vector kernels must give the same bits). */
    PhaseTypeLikelihood kernels(Kernels kernels) {
        this.kernels = kernels;
        return this;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** @return the number of observations */
    public int observationCount() {
        return observations.length;
    }

    @Override
    public void evaluate(double[][] thetas, double[] values, double[][] gradients) {
        int batch = thetas.length;
        Particles particles = new Particles(batch);
        double lambda = 0;
        for (int j = 0; j < batch; j++) {
            graph.checkTheta(thetas[j]);
            particles.set(j, thetas[j]);
            lambda = Math.max(lambda, largestRate(particles.weights[j], thetas[j]));
        }
        double uniformization = discrete ? 1 : uniformizationRate(lambda * lambdaFactor);
        Windows windows = discrete ? null : windows(uniformization);
        // every loop is elementwise across the batch and the density pass combines fixed blocks of observations in
        // a fixed order, so a particle's result depends neither on its chunk nor on the threads. With a pool, either
        // the particles are cut into one chunk per thread, or — when the window sums outweigh the power iteration
        // by far, as with many observations of a small graph — all particles form one chunk and the blocks of
        // observations run in parallel
        if (pool == null) {
            chunk(thetas, particles, 0, batch, uniformization, windows, values, gradients, null);
            return;
        }
        long powerWork = (long) (discrete ? maxJumps() : windows.maxIndex + 1) * (transientCount + edgeCount);
        if (!discrete && windows.terms >= 4 * powerWork) {
            chunk(thetas, particles, 0, batch, uniformization, windows, values, gradients, pool);
            return;
        }
        int parts = Math.max(1, Math.min(parallelism, batch));
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < parts; c++) {
            int from = (int) ((long) batch * c / parts);
            int to = (int) ((long) batch * (c + 1) / parts);
            futures.add(pool.submit(() -> chunk(thetas, particles, from, to, uniformization, windows, values,
                    gradients, null)));
        }
        for (Future<?> f : futures) {
            await(f);
        }
    }

    /**
     * One parameter vector: the log-likelihood and its gradient.
     *
     * @param theta    the parameters. Not modified.
     * @param gradient receives ∂ℓ/∂θ, length d. Modified.
     * @return ℓ(θ)
     */
    public double logLikelihood(double[] theta, double[] gradient) {
        double[] value = new double[1];
        double[][] g = {new double[d]};
        evaluate(new double[][] {theta}, value, g);
        System.arraycopy(g[0], 0, gradient, 0, d);
        return value[0];
    }

    /** Edge weights (and, for a rewarded model, α and the Jacobians) of every θ of a batch. */
    private final class Particles {
        final double[][] weights;
        final double[][] alpha;           // model only: [j][t]
        final double[][] alphaJacobian;   // model only: [j][t·d + p]
        final double[][] weightJacobian;  // model only: [j][e·d + p]

        Particles(int batch) {
            weights = new double[batch][];
            alpha = model == null ? null : new double[batch][];
            alphaJacobian = model == null ? null : new double[batch][];
            weightJacobian = model == null ? null : new double[batch][];
        }

        void set(int j, double[] theta) {
            if (model == null) {
                weights[j] = edgeWeights(theta);
                return;
            }
            weights[j] = new double[edgeCount];
            alpha[j] = new double[transientCount];
            alphaJacobian[j] = new double[transientCount * d];
            weightJacobian[j] = new double[edgeCount * d];
            model.evaluate(theta, alpha[j], weights[j], alphaJacobian[j], weightJacobian[j]);
            for (int e = 0; e < edgeCount; e++) {
                weights[j][e] = checkWeight(weights[j][e], 1, theta);
            }
        }
    }

    private double[] edgeWeights(double[] theta) {
        double[] w = new double[edgeCount];
        for (int e = 0; e < edgeCount; e++) {
            double[] c = edgeCoefficient[e];
            if (c == null) {
                w[e] = edgeConstant[e];
            } else {
                double s = edgeConstant[e];
                double magnitude = Math.abs(s);
                for (int p = 0; p < d; p++) {
                    s += c[p] * theta[p];
                    magnitude += Math.abs(c[p] * theta[p]);
                }
                w[e] = checkWeight(s, magnitude, theta);
            }
        }
        return w;
    }

    /**
     * A weight must be non-negative. A weight formed as 1 − Σ p (the self-return of a discrete reward chain) can
     * come out a few ulps below zero when the probabilities sum to 1: within 1e-12 of the magnitude of its terms
     * it is that rounding, and the weight is 0.
     */
    private static double checkWeight(double s, double magnitude, double[] theta) {
        if (s >= 0) {
            return s;
        }
        if (s >= -1e-12 * magnitude) {
            return 0;
        }
        throw new ParameterException("theta = " + Arrays.toString(theta) + " makes an edge weight " + s
                + " < 0; every rate must be non-negative");
    }

    private double largestRate(double[] w, double[] theta) {
        double[] rate = new double[transientCount];
        for (int e = 0; e < edgeCount; e++) {
            rate[edgeFrom[e]] += w[e];
        }
        double largest = 0;
        for (int v = 0; v < transientCount; v++) {
            if (!(rate[v] > 0)) {
                throw new ParameterException("theta = " + Arrays.toString(theta) + " makes a transient vertex's "
                        + "total rate zero");
            }
            if (discrete && rate[v] > 1 + 1e-10) {
                throw new ParameterException("theta = " + Arrays.toString(theta) + " makes a vertex's jump "
                        + "probabilities sum to " + rate[v] + " > 1 in a discrete graph");
            }
            largest = Math.max(largest, rate[v]);
        }
        return largest;
    }

    /**
     * Rounds Λ up to the grid 2^(j/64), at most 1.1 % above it: any Λ above the largest rate is exact, and a value
     * on a grid is the same from one batch to the next when the rates are (the windows of the last few Λ are kept).
     */
    static double quantize(double lambda) {
        double rounded = Math.pow(2, Math.ceil(64 * Math.log(lambda) / Math.log(2) - 1e-9) / 64);
        return Math.max(rounded, lambda);
    }

    /**
     * The Λ to use for a batch whose largest rate (times the factor) is {@code needed}: the previous Λ while it
     * covers {@code needed} and exceeds it by at most half, so that the Poisson windows of all observations are
     * reused while the particles move. Otherwise {@code needed} rounded up to the grid — at the first call and when
     * the rates have fallen (a smaller Λ means fewer steps and narrower windows) — or, when the rates have grown
     * past Λ, 1.15·needed rounded up, leaving room to grow further. Any Λ at or above the largest rate gives the
     * same (exact) values.
     */
    private synchronized double uniformizationRate(double needed) {
        if (currentLambda < needed) {
            currentLambda = quantize(currentLambda == 0 ? needed : 1.15 * needed);
        } else if (currentLambda > 1.5 * needed) {
            currentLambda = quantize(needed);
        }
        return currentLambda;
    }

    /** The windows of the last few Λ (particles oscillate between neighbouring grid values). */
    private synchronized Windows windows(double lambda) {
        for (int i = 0; i < recentWindows.size(); i++) {
            Windows w = recentWindows.get(i);
            if (w.lambda == lambda) {
                recentWindows.remove(i);
                recentWindows.add(0, w);
                return w;
            }
        }
        Windows w = new Windows(observations, timeOrder, firstOfTime, lambda, pool, parallelism);
        recentWindows.add(0, w);
        if (recentWindows.size() > 4) {
            recentWindows.remove(recentWindows.size() - 1);
        }
        return w;
    }

    /**
     * Poisson windows of every observation, for one Λ. The weights of all windows lie in one array, in order of
     * time (the order the density pass reads them); equal observations share one window.
     */
    private static final class Windows {
        /** Below this many observations the windows are computed on the calling thread. */
        private static final int PARALLEL_MINIMUM = 2048;
        final double lambda;
        final int[] left;
        /** Where observation i's weights start in {@link #weights}, and how many there are. */
        final int[] start;
        final int[] length;
        final double[] weights;
        final double[] mean;
        /** Where an exact tail sum may stop: three more standard deviations, Poisson mass below 1e-28 beyond. */
        final int[] farRight;
        /** log Pois(k; Λt_i) for k = 0..farRight[i], computed when an observation first needs it. */
        final double[][] logPoisson;
        /** Pois(k; Λt_i) for k = 0..farRight[i], computed when an observation first needs it. */
        final double[][] poisson;
        final int maxIndex;
        /** The window lengths summed over the observations: the terms of one window pass. */
        final long terms;

        /**
         * @param order the observations' indices in order of time
         * @param first for each observation, the first in {@code order} with the same time (itself if none)
         * @param pool  computes the windows in parallel over ranges of time when there are many; may be null
         */
        Windows(double[] times, int[] order, int[] first, double lambda, ExecutorService pool, int parallelism) {
            this.lambda = lambda;
            int n = times.length;
            left = new int[n];
            start = new int[n];
            length = new int[n];
            mean = new double[n];
            farRight = new int[n];
            logPoisson = new double[n][];
            poisson = new double[n][];
            PoissonWindow[] windows = new PoissonWindow[n];
            int parts = pool == null || n < PARALLEL_MINIMUM ? 1 : parallelism;
            inParts(parts, n, pool, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int i = order[r];
                    if (first[i] == i) {
                        windows[i] = PoissonWindow.of(lambda * times[i], POISSON_DELTA);
                    }
                }
            });
            int max = 0;
            int offset = 0;
            long sum = 0;
            for (int r = 0; r < n; r++) {
                int i = order[r];
                int f = first[i];
                if (f == i) {
                    PoissonWindow window = windows[i];
                    left[i] = window.left();
                    length[i] = window.right() - window.left() + 1;
                    start[i] = offset;
                    offset += length[i];
                    mean[i] = lambda * times[i];
                    farRight[i] = window.right() + (int) Math.ceil(3 * Math.sqrt(mean[i])) + 10;
                    max = Math.max(max, farRight[i]);
                } else {
                    left[i] = left[f];
                    length[i] = length[f];
                    start[i] = start[f];
                    mean[i] = mean[f];
                    farRight[i] = farRight[f];
                }
                sum += length[i];
            }
            maxIndex = max;
            terms = sum;
            weights = new double[offset];
            inParts(parts, n, pool, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int i = order[r];
                    if (first[i] == i) {
                        windows[i].copyWeights(weights, start[i]);
                    }
                }
            });
        }

        /** Runs work over [0, n) cut into {@code parts} ranges, on the pool when there is more than one. */
        private static void inParts(int parts, int n, ExecutorService pool, RangeWork work) {
            if (parts == 1) {
                work.run(0, n);
                return;
            }
            List<Future<?>> futures = new ArrayList<>(parts);
            for (int c = 0; c < parts; c++) {
                int from = (int) ((long) n * c / parts);
                int to = (int) ((long) n * (c + 1) / parts);
                futures.add(pool.submit(() -> work.run(from, to)));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        }

        /** Work on a range of indices. */
        private interface RangeWork {
            void run(int from, int to);
        }

        /**
         * @return Pois(k; Λt_i) for k = 0..farRight[i] (within the power iteration's steps, which reach the largest
         *         farRight), in plain doubles (terms below the smallest double are 0), computed once per observation
         *         (a race computes equal tables)
         */
        double[] poisson(int i) {
            double[] table = poisson[i];
            if (table == null) {
                double[] log = logPoisson(i);
                table = new double[log.length];
                for (int k = 0; k < table.length; k++) {
                    table[k] = Math.exp(log[k]);
                }
                poisson[i] = table;
            }
            return table;
        }

        /** @return log Pois(k; Λt_i), k = 0..farRight[i] (computing it once; a race computes equal tables) */
        double[] logPoisson(int i) {
            double[] table = logPoisson[i];
            if (table == null) {
                table = PhaseTypeLikelihood.logPoisson(mean[i], farRight[i]);
                logPoisson[i] = table;
            }
            return table;
        }
    }

    /**
     * The uniformised power sequences of a chunk: a_k (and its derivatives), particle innermost so that a window
     * sum runs over k once for a block of particles.
     */
    private static final class Sequences {
        /** seq[s][k·b + j]: s = 0 is a_k, s = 1..d the derivatives (forward mode); particle innermost. */
        double[][] seq;
        /** The power-of-two exponent each a_k's mantissa carries, [k·b + j]; null when none was needed. */
        int[] scale;
        int b;
        /** v_k per step, [k][vertex][particle], for the reverse sweep. */
        double[][][] stored;
        int steps;
    }

    private void chunk(double[][] thetas, Particles particles, int from, int to, double lambda, Windows windows,
                       double[] values, double[][] gradients, ExecutorService blocks) {
        boolean forward = mode == Mode.FORWARD || (mode == Mode.AUTO && d <= 2);
        if (!chunk(thetas, particles, from, to, lambda, windows, values, gradients, forward, blocks)) {
            // a far-tail density: π_k/f overflows where v_k underflows, so the reverse sweep cannot carry it;
            // forward mode carries the ratios exactly
            chunk(thetas, particles, from, to, lambda, windows, values, gradients, true, blocks);
        }
    }

    /**
     * What a chunk of particles starts from: α per particle and, for a rewarded model, the derivatives of α and
     * of the edge weights per particle (arrays null where they are zero for the whole chunk).
     */
    private final class Start {
        final double[][] alpha = new double[transientCount][];     // [t][j]
        final double[][][] alphaDerivative;                      // [p][t][j], or null
        final double[][][] weightDerivative;                     // [e][p][j], or null
        final double[] defect;                                   // 1 − Σα per particle
        final double[][] defectDerivative;                       // [p][j], or null

        Start(Particles particles, int from, int b) {
            defect = new double[b];
            if (model == null) {
                double mass = 0;
                for (int t = 0; t < transientCount; t++) {
                    alpha[t] = new double[b];
                    Arrays.fill(alpha[t], PhaseTypeLikelihood.this.alpha[t]);
                    mass += PhaseTypeLikelihood.this.alpha[t];
                }
                Arrays.fill(defect, Math.max(0, 1 - mass));
                alphaDerivative = null;
                weightDerivative = null;
                defectDerivative = null;
                return;
            }
            alphaDerivative = new double[d][transientCount][];
            weightDerivative = new double[edgeCount][d][];
            defectDerivative = new double[d][b];
            for (int t = 0; t < transientCount; t++) {
                alpha[t] = new double[b];
                for (int j = 0; j < b; j++) {
                    alpha[t][j] = particles.alpha[from + j][t];
                }
                for (int p = 0; p < d; p++) {
                    alphaDerivative[p][t] = gather(particles.alphaJacobian, from, b, t * d + p);
                    for (int j = 0; alphaDerivative[p][t] != null && j < b; j++) {
                        defectDerivative[p][j] -= alphaDerivative[p][t][j];
                    }
                }
            }
            for (int j = 0; j < b; j++) {
                double mass = 0;
                for (int t = 0; t < transientCount; t++) {
                    mass += alpha[t][j];
                }
                defect[j] = Math.max(0, 1 - mass);
            }
            for (int e = 0; e < edgeCount; e++) {
                for (int p = 0; p < d; p++) {
                    weightDerivative[e][p] = gather(particles.weightJacobian, from, b, e * d + p);
                }
            }
        }

        /** source[from + j][index] for the chunk's particles, or null if all are zero. */
        private double[] gather(double[][] source, int from, int b, int index) {
            double[] out = null;
            for (int j = 0; j < b; j++) {
                double x = source[from + j][index];
                if (x != 0) {
                    if (out == null) {
                        out = new double[b];
                    }
                    out[j] = x;
                }
            }
            return out;
        }
    }

    /** @return false if reverse mode met a far-tail observation and the chunk must be redone in forward mode */
    private boolean chunk(double[][] thetas, Particles particles, int from, int to, double lambda, Windows windows,
                          double[] values, double[][] gradients, boolean forward, ExecutorService blocks) {
        double[][] weights = particles.weights;
        int b = to - from;
        int steps = discrete ? maxJumps() : windows.maxIndex + 1;
        // edge weights / Λ, particle innermost
        double[][] w = new double[edgeCount][b];
        double[][] stay = new double[transientCount][b];   // 1 − λ_v/Λ (discrete: 1 − λ_v)
        double[][] exit = new double[transientCount][b];   // s_v, the rate into absorption
        for (int j = 0; j < b; j++) {
            double[] we = weights[from + j];
            for (int v = 0; v < transientCount; v++) {
                stay[v][j] = 1;
            }
            for (int e = 0; e < edgeCount; e++) {
                double x = we[e] / lambda;
                w[e][j] = x;
                stay[edgeFrom[e]][j] -= x;
                if (edgeTo[e] < 0) {
                    exit[edgeFrom[e]][j] += we[e];
                }
            }
        }
        Start start = new Start(particles, from, b);
        Sequences sq = powerIteration(start, w, stay, exit, lambda, steps, b, forward);
        if (sq == null) {
            return false;
        }
        int obsCount = observations.length;
        double[] density = forward ? null : new double[obsCount * b]; // f_i, [i·b + j], for the reverse sweep
        double[] logLik = new double[b];
        double[][] gradient = new double[b][d];
        boolean clean = densities(start, sq, windows, b, density, logLik, gradient, forward, blocks);
        if (!clean) {
            return false;
        }
        if (!forward) {
            reverse(start, sq.stored, w, stay, exit, density, windows, lambda, gradient);
        }
        for (int j = 0; j < b; j++) {
            if (!Double.isFinite(logLik[j])) {
                throw new ParameterException("the likelihood is zero at theta = " + Arrays.toString(thetas[from + j])
                        + ": some observation has density 0 (for example a time the model cannot produce)");
            }
            values[from + j] = logLik[j];
            System.arraycopy(gradient[j], 0, gradients[from + j], 0, d);
        }
        return true;
    }

    /**
     * Runs v_{k+1} = v_k P from α (and, forward mode, u_{k+1} = u_k P + v_k ∂P/∂θ_p), recording a_k = v_k·s and
     * its derivatives. A particle whose transient mass gets tiny is rescaled by an exact power of two, the
     * exponent recorded per k. Returns null in reverse mode if that happens (the reverse sweep works unscaled).
     */
    private Sequences powerIteration(Start start, double[][] w, double[][] stay, double[][] exit, double lambda,
                                     int steps, int b, boolean forward) {
        Sequences sq = new Sequences();
        sq.steps = steps;
        sq.b = b;
        sq.seq = new double[forward ? 1 + d : 1][b * steps + kernels.slack()];
        sq.stored = forward ? null : new double[steps][][];
        double[][] v = copy(start.alpha);
        double[][][] u = forward ? new double[d][transientCount][b] : null;
        for (int p = 0; forward && start.alphaDerivative != null && p < d; p++) {
            for (int t = 0; t < transientCount; t++) {
                if (start.alphaDerivative[p][t] != null) {
                    System.arraycopy(start.alphaDerivative[p][t], 0, u[p][t], 0, b);
                }
            }
        }
        double[][] next = new double[transientCount][b];
        double[][][] nextU = forward ? new double[d][transientCount][b] : null;
        int[] exponent = new int[b];
        double[] mass = new double[b];
        double[] acc = new double[b];
        for (int k = 0; k < steps; k++) {
            // a_k = v_k·s (discrete: pmf(k + 1) = v_k·t)
            Arrays.fill(mass, 0.0);
            Arrays.fill(acc, 0.0);
            for (int t : exitVertices()) {
                addProduct(v[t], exit[t], acc, b);  // s is 0 at every other vertex
            }
            for (int t = 0; t < transientCount; t++) {
                add(v[t], mass, b);
            }
            System.arraycopy(acc, 0, sq.seq[0], k * b, b);
            if (sq.scale != null) {
                System.arraycopy(exponent, 0, sq.scale, k * b, b);
            }
            if (forward) {
                derivativeOfA(start, v, u, exit, k, b, acc, sq.seq);
            } else {
                sq.stored[k] = copy(v);
            }
            if (k + 1 == steps) {
                break;
            }
            // keep the transient mass representable: rescale a particle's vectors by an exact power of two
            for (int j = 0; j < b; j++) {
                if (mass[j] > 0 && mass[j] < UNDERFLOW_GUARD) {
                    if (!forward) {
                        return null;
                    }
                    if (sq.scale == null) {
                        sq.scale = new int[b * steps]; // exponents so far were all 0
                    }
                    int shift = -Math.getExponent(mass[j]);
                    exponent[j] -= shift;
                    for (int t = 0; t < transientCount; t++) {
                        v[t][j] = Math.scalb(v[t][j], shift);
                        for (int p = 0; p < d; p++) {
                            u[p][t][j] = Math.scalb(u[p][t][j], shift);
                        }
                    }
                }
            }
            if (forward && start.weightDerivative == null) {
                forwardStep(v, next, u, nextU, w, stay, lambda);
                double[][][] swapU = u;
                u = nextU;
                nextU = swapU;
            } else {
                step(v, next, w, stay);
            }
            if (forward && start.weightDerivative != null) {
                for (int p = 0; p < d; p++) {
                    step(u[p], nextU[p], w, stay);
                    addDerivativeOfP(start, v, nextU[p], p, lambda, b);
                    double[][] swap = u[p];
                    u[p] = nextU[p];
                    nextU[p] = swap;
                }
            }
            double[][] swap = v;
            v = next;
            next = swap;
        }
        return sq;
    }

    /** ∂a_k/∂θ_p = u_k·s + v_k·∂s/∂θ_p, written at k for every particle. */
    private void derivativeOfA(Start start, double[][] v, double[][][] u, double[][] exit, int k, int b,
                               double[] acc, double[][] seq) {
        for (int p = 0; p < d; p++) {
            Arrays.fill(acc, 0.0);
            for (int t : exitVertices()) {
                addProduct(u[p][t], exit[t], acc, b);
            }
            for (int e = 0; e < edgeCount; e++) {
                if (edgeTo[e] >= 0) {
                    continue;
                }
                double[] vf = v[edgeFrom[e]];
                if (start.weightDerivative != null) {
                    double[] c = start.weightDerivative[e][p];
                    for (int j = 0; c != null && j < b; j++) {
                        acc[j] += vf[j] * c[j];
                    }
                } else if (edgeCoefficient[e] != null && edgeCoefficient[e][p] != 0) {
                    double c = edgeCoefficient[e][p];
                    for (int j = 0; j < b; j++) {
                        acc[j] += vf[j] * c;
                    }
                }
            }
            System.arraycopy(acc, 0, seq[1 + p], k * b, b);
        }
    }

    /** nextU += v_k ∂P/∂θ_p: +c/Λ on edges into transient vertices, −Σc/Λ on the diagonal. */
    private void addDerivativeOfP(Start start, double[][] v, double[][] nextU, int p, double lambda, int b) {
        for (int e = 0; e < edgeCount; e++) {
            if (start.weightDerivative != null) {
                double[] c = start.weightDerivative[e][p];
                if (c == null) {
                    continue;
                }
                double[] vf = v[edgeFrom[e]];
                double[] self = nextU[edgeFrom[e]];
                double[] into = edgeTo[e] >= 0 ? nextU[edgeTo[e]] : null;
                for (int j = 0; j < b; j++) {
                    double x = vf[j] * (c[j] / lambda);
                    self[j] -= x;
                    if (into != null) {
                        into[j] += x;
                    }
                }
                continue;
            }
            if (edgeCoefficient[e] == null || edgeCoefficient[e][p] == 0) {
                continue;
            }
            double c = edgeCoefficient[e][p] / lambda;
            double[] vf = v[edgeFrom[e]];
            double[] self = nextU[edgeFrom[e]];
            for (int j = 0; j < b; j++) {
                self[j] -= vf[j] * c;
            }
            if (edgeTo[e] >= 0) {
                double[] into = nextU[edgeTo[e]];
                for (int j = 0; j < b; j++) {
                    into[j] += vf[j] * c;
                }
            }
        }
    }

    /** Observations per block of the density pass: blocks run in parallel and combine in a fixed order. */
    private static final int OBSERVATION_BLOCK = 256;

    /**
     * f(x_i) for every observation and particle (Poisson-window dot products, or exact log-space sums where the
     * window is not enough), the log-likelihood (accumulated as a product kept in range by powers of two, one log
     * per particle), and in forward mode the gradient Σ_i ∂f_i/f_i. The observations, in order of time, are cut
     * into blocks of {@value #OBSERVATION_BLOCK}; each block's product and gradient are combined in block order,
     * so the result is the same whether the blocks run on {@code blocks} (a pool) or one after the other.
     *
     * @param blocks a pool for the blocks, or null to run them on this thread
     * @return false in reverse mode when some density needs the exact tail sum
     */
    private boolean densities(Start start, Sequences sq, Windows windows, int b, double[] density, double[] logLik,
                              double[][] gradient, boolean forward, ExecutorService blocks) {
        int steps = sq.steps;
        double[] a = sq.seq[0];
        int[] scale = sq.scale;
        boolean logs = scale != null;
        // the window omits Poisson mass ≤ δ/4 on each side, so its error is at most that times the largest a_k it
        // omits: prefix and suffix maxima of a_k per particle (mantissas; with rescaled vectors, log values)
        // particle innermost, like the sequences: before[k·b + j] = max over k' < k, after[k·b + j] = max over k' ≥ k
        double[] before = new double[b * (steps + 1)];
        double[] after = new double[b * (steps + 1)];
        if (!discrete) {
            double none = logs ? Double.NEGATIVE_INFINITY : 0;
            Arrays.fill(before, 0, b, none);
            Arrays.fill(after, steps * b, (steps + 1) * b, none);
            for (int k = 0; k < steps; k++) {
                for (int j = 0; j < b; j++) {
                    double x = logs ? logOf(a[k * b + j], scale[k * b + j]) : a[k * b + j];
                    before[(k + 1) * b + j] = Math.max(before[k * b + j], x);
                }
            }
            for (int k = steps - 1; k >= 0; k--) {
                for (int j = 0; j < b; j++) {
                    double x = logs ? logOf(a[k * b + j], scale[k * b + j]) : a[k * b + j];
                    after[k * b + j] = Math.max(after[(k + 1) * b + j], x);
                }
            }
        }
        int count = observations.length;
        int blockCount = Math.max(1, (count + OBSERVATION_BLOCK - 1) / OBSERVATION_BLOCK);
        BlockResult[] results = new BlockResult[blockCount];
        if (blocks == null || blockCount == 1) {
            for (int c = 0; c < blockCount; c++) {
                results[c] = densityBlock(start, sq, windows, b, density, forward, before, after,
                        c * OBSERVATION_BLOCK, Math.min(count, (c + 1) * OBSERVATION_BLOCK));
            }
        } else {
            List<Future<BlockResult>> futures = new ArrayList<>(blockCount);
            for (int c = 0; c < blockCount; c++) {
                int from = c * OBSERVATION_BLOCK;
                int to = Math.min(count, (c + 1) * OBSERVATION_BLOCK);
                futures.add(blocks.submit(() -> densityBlock(start, sq, windows, b, density, forward, before, after,
                        from, to)));
            }
            for (int c = 0; c < blockCount; c++) {
                results[c] = await(futures.get(c));
            }
        }
        double[] likelihood = new double[b];
        Arrays.fill(likelihood, 1.0);
        int[] likelihoodExponent = new int[b];
        for (BlockResult r : results) {
            if (r == null) {
                return false;
            }
            for (int j = 0; j < b; j++) {
                multiplyInto(likelihood, likelihoodExponent, j, r.mantissa[j], r.exponent[j]);
                for (int p = 0; forward && p < d; p++) {
                    gradient[j][p] += r.gradient[p][j];
                }
            }
        }
        for (int j = 0; j < b; j++) {
            logLik[j] = likelihood[j] > 0 ? Math.log(likelihood[j]) + likelihoodExponent[j] * LN2
                    : Double.NEGATIVE_INFINITY;
        }
        return true;
    }

    /**
     * mantissa[j]·2^exponent[j] ← mantissa[j]·2^exponent[j] · m·2^e, the mantissa kept within 2^±256 by exact
     * powers of two so that a product over many observations neither underflows nor overflows.
     */
    private static void multiplyInto(double[] mantissa, int[] exponent, int j, double m, int e) {
        double product = mantissa[j] * m;
        int sum = exponent[j] + e;
        if (product != 0 && (product < 0x1p-256 || product > 0x1p256)) {
            int shift = Math.getExponent(product);
            product = Math.scalb(product, -shift);
            sum += shift;
        }
        mantissa[j] = product;
        exponent[j] = sum;
    }

    /** One block's likelihood product (mantissa·2^exponent per particle) and gradient sums ([p][j]). */
    private record BlockResult(double[] mantissa, int[] exponent, double[][] gradient) {
    }

    /**
     * The densities of observations from..to−1 (in order of time).
     *
     * @return the block's product and gradient, or null in reverse mode when some density needs the exact tail sum
     */
    private BlockResult densityBlock(Start start, Sequences sq, Windows windows, int b, double[] density,
                                     boolean forward, double[] before, double[] after,
                                     int from, int to) {
        int steps = sq.steps;
        int[] scale = sq.scale;
        boolean logs = scale != null;
        double[] sums = new double[sq.seq.length];
        double[][] block = new double[sq.seq.length][b + kernels.slack()];
        double[] likelihood = new double[b];
        Arrays.fill(likelihood, 1.0);
        int[] likelihoodExponent = new int[b];
        double[][] gradientSums = new double[d][b];
        double[][] whole = null;   // sums over the whole range of an observation that some particle needs
        int wholeFor = -1;
        for (int n = from; n < to; n++) {
            // in order of time, so that consecutive windows overlap in the cache
            int i = discrete ? n : timeOrder[n];
            int jumps = discrete ? (int) observations[i] : 0;
            int left = discrete ? 0 : windows.left[i];
            int count = discrete ? 0 : windows.length[i];
            if (!discrete) {
                windowSums(windows.weights, windows.start[i], count, sq.seq, left * b, b, block);
            }
            for (int j = 0; j < b; j++) {
                // f_i as mantissa·2^exponent; the likelihood is kept as a product so no log is taken per observation
                double mantissa;
                int exponent;
                boolean replaced = discrete;   // the sums do not come from the window
                if (discrete) {
                    for (int s = 0; s < sums.length; s++) {
                        if (jumps > 0) {
                            sums[s] = sq.seq[s][(jumps - 1) * b + j];
                        } else if (s == 0) {
                            sums[s] = start.defect[j]; // no jump: the walk starts absorbed
                        } else {
                            sums[s] = start.defectDerivative == null ? 0 : start.defectDerivative[s - 1][j];
                        }
                    }
                    mantissa = sums[0];
                    exponent = logs && jumps > 0 ? scale[(jumps - 1) * b + j] : 0;
                } else {
                    for (int s = 0; s < sums.length; s++) {
                        sums[s] = block[s][j];
                    }
                    int right = left + count - 1;
                    mantissa = sums[0];
                    exponent = logs ? scale[left * b + j] : 0;
                    double omitted = Math.max(before[left * b + j], after[(right + 1) * b + j]);
                    boolean accurate = logs
                            ? scale[right * b + j] == exponent && mantissa > 0
                                && Math.log(mantissa) + exponent * LN2 >= LOG_RELATIVE_GUARD + omitted
                            : mantissa >= RELATIVE_GUARD * omitted && mantissa > 0;
                    if (!accurate) {
                        // the window's omitted mass may not be negligible next to f: sum it all exactly
                        replaced = true;
                        if (!forward) {
                            return null;
                        }
                        if (!logs) {
                            // the Poisson weights of 0..farRight (all but 10⁻²⁸ of the mass) for the whole batch at
                            // once, in plain doubles
                            if (wholeFor != i) {
                                if (whole == null) {
                                    whole = new double[sq.seq.length][b + kernels.slack()];
                                }
                                double[] pi = windows.poisson(i);
                                windowSums(pi, 0, pi.length, sq.seq, 0, b, whole);
                                wholeFor = i;
                            }
                            mantissa = whole[0][j];
                        }
                        if (!logs && mantissa > 0 && mantissa >= LINEAR_FLOOR * before[steps * b + j]) {
                            // no term that matters underflowed: the plain sum is as exact as the log-space one
                            for (int s = 0; s < sums.length; s++) {
                                sums[s] = whole[s][j];
                            }
                            exponent = 0;
                        } else {
                            double logF = tailSums(i, j, sq, windows, sums);
                            if (logF == Double.NEGATIVE_INFINITY) {
                                mantissa = 0;
                                exponent = 0;
                            } else {
                                exponent = (int) Math.floor(logF / LN2);
                                mantissa = Math.exp(logF - exponent * LN2);
                            }
                        }
                    }
                }
                if (density != null) {
                    density[i * b + j] = mantissa; // reverse mode: unscaled, no tail sums
                }
                multiplyInto(likelihood, likelihoodExponent, j, mantissa, exponent);
                if (forward && replaced) {
                    // put the sums where the gradient pass reads
                    for (int s = 0; s < sums.length; s++) {
                        block[s][j] = sums[s];
                    }
                }
            }
            for (int p = 0; forward && p < d; p++) {
                addQuotient(block[1 + p], block[0], gradientSums[p], b);   // Σ_i ∂f_i/f_i
            }
        }
        return new BlockResult(likelihood, likelihoodExponent, gradientSums);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new PhasicException("likelihood evaluation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhasicException("interrupted while evaluating the likelihood", e);
        }
    }

    /**
     * out[s][j] = Σ_{k &lt; n} weight[from + k]·seq[s][offset + k·b + j] for every sequence s and particle j, particle
     * innermost so that the loops vectorise. Each particle's sum runs over k in a fixed order
     * ({@link Kernels#windowSum}), so the result does not depend on the batch, the chunk or the kernels.
     */
    private void windowSums(double[] weight, int from, int n, double[][] seq, int offset, int b, double[][] out) {
        if (seq.length == 2) {
            kernels.windowSums(weight, from, n, seq[0], seq[1], offset, b, out[0], out[1]);
            return;
        }
        for (int s = 0; s < seq.length; s++) {
            kernels.windowSum(weight, from, n, seq[s], offset, b, out[s]);
        }
    }

    // The element-wise loops of the power iteration and the density pass, particle innermost (C2 vectorises them).

    /** out[j] += x[j]. */
    private static void add(double[] x, double[] out, int b) {
        for (int j = 0; j < b; j++) {
            out[j] += x[j];
        }
    }

    /** out[j] = x[j]·y[j]. */
    private static void product(double[] x, double[] y, double[] out, int b) {
        for (int j = 0; j < b; j++) {
            out[j] = x[j] * y[j];
        }
    }

    /** out[j] = x[j]·y[j] + z[j]·c. */
    private static void productPlusScaled(double[] x, double[] y, double[] z, double c, double[] out, int b) {
        for (int j = 0; j < b; j++) {
            out[j] = x[j] * y[j] + z[j] * c;
        }
    }

    /** out[j] += x[j]·y[j]. */
    private static void addProduct(double[] x, double[] y, double[] out, int b) {
        for (int j = 0; j < b; j++) {
            out[j] += x[j] * y[j];
        }
    }

    /** out[j] += x[j]·y[j] + z[j]·c. */
    private static void addProductPlusScaled(double[] x, double[] y, double[] z, double c, double[] out, int b) {
        for (int j = 0; j < b; j++) {
            out[j] += x[j] * y[j] + z[j] * c;
        }
    }

    /** One edge of a forward step, value and tangent together: out[j] += x[j]·w[j]; outU[j] += u[j]·w[j] + x[j]·c. */
    private static void edgeStep(double[] x, double[] w, double[] u, double c, double[] out, double[] outU, int b) {
        for (int j = 0; j < b; j++) {
            double xj = x[j];
            double wj = w[j];
            out[j] += xj * wj;
            outU[j] += u[j] * wj + xj * c;
        }
    }

    /** The diagonal of a forward step with one parameter: out[j] = x[j]·s[j]; outU[j] = u[j]·s[j] + x[j]·c. */
    private static void diagonalStep(double[] x, double[] s, double[] u, double c, double[] out, double[] outU,
                                     int b) {
        for (int j = 0; j < b; j++) {
            double xj = x[j];
            double sj = s[j];
            out[j] = xj * sj;
            outU[j] = u[j] * sj + xj * c;
        }
    }

    /** acc[j] += numerator[j] / denominator[j]. */
    private static void addQuotient(double[] numerator, double[] denominator, double[] acc, int b) {
        for (int j = 0; j < b; j++) {
            acc[j] += numerator[j] / denominator[j];
        }
    }

    /** log(mantissa·2^exponent), −∞ for 0. */
    private static double logOf(double mantissa, int exponent) {
        return mantissa > 0 ? Math.log(mantissa) + exponent * LN2 : Double.NEGATIVE_INFINITY;
    }

    /**
     * log Pois(k; μ) = −μ + k log μ − log k! for k = 0..end, the log-factorial summed with Neumaier's compensation
     * so the error stays near one ulp of the terms (a plain running sum loses digits over thousands of terms).
     */
    static double[] logPoisson(double mu, int end) {
        double[] logPi = new double[end + 1];
        if (mu == 0) {
            Arrays.fill(logPi, Double.NEGATIVE_INFINITY);
            logPi[0] = 0;
            return logPi;
        }
        double logMu = Math.log(mu);
        double sum = 0;
        double compensation = 0;
        for (int k = 0; k <= end; k++) {
            if (k > 0) {
                double term = Math.log(k);
                double t = sum + term;
                compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
                sum = t;
            }
            logPi[k] = (k * logMu - mu) - (sum + compensation);
        }
        return logPi;
    }

    /**
     * The exact density of observation i for particle j when the Poisson window is not enough (far in a tail): every
     * term π_k(μ)·seq_k for k from 0 to the far right end, in log space so nothing underflows. The sums are
     * written scaled by e^{−M} (their ratios, which the gradient needs, are exact); returns log f = M + log Σ.
     */
    private double tailSums(int i, int j, Sequences sq, Windows windows, double[] out) {
        int steps = sq.steps;
        int b = sq.b;
        int end = Math.min(steps - 1, windows.farRight[i]);
        double[] logPi = Arrays.copyOf(windows.logPoisson(i), end + 1);
        if (sq.scale != null) {
            for (int k = 0; k <= end; k++) {
                logPi[k] += sq.scale[k * b + j] * LN2; // the exponent of a_k's mantissa
            }
        }
        double m = Double.NEGATIVE_INFINITY;
        double[] a = sq.seq[0];
        for (int k = 0; k <= end; k++) {
            double ak = a[k * b + j];
            if (ak > 0) {
                m = Math.max(m, logPi[k] + Math.log(ak));
            }
        }
        if (m == Double.NEGATIVE_INFINITY) {
            out[0] = 0;
            return Double.NEGATIVE_INFINITY;
        }
        for (int s = 0; s < sq.seq.length; s++) {
            double[] seq = sq.seq[s];
            double sum = 0;
            for (int k = 0; k <= end; k++) {
                double x = seq[k * b + j];
                if (x != 0) {
                    sum += Math.copySign(Math.exp(logPi[k] + Math.log(Math.abs(x)) - m), x);
                }
            }
            out[s] = sum;
        }
        return m + Math.log(out[0]);
    }

    /**
     * One step of v and of its tangents u_p together, for a graph whose weights are c·θ (+ constant): next = vP,
     * nextU_p = u_p P + v ∂P/∂θ_p, where ∂P/∂θ_p has c_p/Λ on each edge into a transient vertex and −Σc_p/Λ (over
     * all out-edges) on the diagonal. One pass over the edges serves v and every u_p.
     */
    private void forwardStep(double[][] v, double[][] next, double[][][] u, double[][][] nextU, double[][] w,
                             double[][] stay, double lambda) {
        int b = v[0].length;
        double[][] diagonal = diagonalDerivative(lambda);
        for (int t = 0; t < transientCount; t++) {
            double[] in = v[t];
            double[] s = stay[t];
            double[] out = next[t];
            if (d == 1) {
                diagonalStep(in, s, u[0][t], diagonal[0][t], out, nextU[0][t], b);
                continue;
            }
            product(in, s, out, b);
            for (int p = 0; p < d; p++) {
                productPlusScaled(u[p][t], s, in, diagonal[p][t], nextU[p][t], b);
            }
        }
        for (int e = 0; e < edgeCount; e++) {
            int to = edgeTo[e];
            if (to < 0) {
                continue;
            }
            int from = edgeFrom[e];
            double[] in = v[from];
            double[] we = w[e];
            double[] out = next[to];
            double[] coefficient = edgeCoefficient[e];
            if (d == 1) {
                double c = coefficient == null ? 0 : coefficient[0] / lambda;
                edgeStep(in, we, u[0][from], c, out, nextU[0][to], b);
                continue;
            }
            addProduct(in, we, out, b);
            for (int p = 0; p < d; p++) {
                double c = coefficient == null ? 0 : coefficient[p] / lambda;
                addProductPlusScaled(u[p][from], we, in, c, nextU[p][to], b);
            }
        }
    }

    private volatile int[] exitVertices;

    /** @return the transient vertices with an edge into absorption, in order (found once; a race finds the same) */
    private int[] exitVertices() {
        int[] cached = exitVertices;
        if (cached == null) {
            boolean[] exits = new boolean[transientCount];
            for (int e = 0; e < edgeCount; e++) {
                if (edgeTo[e] < 0) {
                    exits[edgeFrom[e]] = true;
                }
            }
            cached = java.util.stream.IntStream.range(0, transientCount).filter(t -> exits[t]).toArray();
            exitVertices = cached;
        }
        return cached;
    }

    /** −Σ_{e out of t} c_{e,p}/Λ per parameter and transient vertex, for the last Λ asked for. */
    private double[][] diagonalDerivative(double lambda) {
        Diagonal cached = this.diagonal;
        if (cached != null && cached.lambda == lambda) {
            return cached.values;
        }
        double[][] diagonal = new double[d][transientCount];
        for (int e = 0; e < edgeCount; e++) {
            double[] coefficient = edgeCoefficient[e];
            for (int p = 0; coefficient != null && p < d; p++) {
                diagonal[p][edgeFrom[e]] -= coefficient[p] / lambda;
            }
        }
        this.diagonal = new Diagonal(lambda, diagonal);
        return diagonal;
    }

    /** The diagonal of ∂P/∂θ for one Λ. */
    private record Diagonal(double lambda, double[][] values) {
    }

    /** v ← vP: next[z] = v[z]·stay[z] + Σ_{u→z} v[u]·w/Λ. */
    private void step(double[][] v, double[][] next, double[][] w, double[][] stay) {
        int b = v[0].length;
        for (int t = 0; t < transientCount; t++) {
            product(v[t], stay[t], next[t], b);
        }
        for (int e = 0; e < edgeCount; e++) {
            int to = edgeTo[e];
            if (to < 0) {
                continue;
            }
            addProduct(v[edgeFrom[e]], w[e], next[to], b);
        }
    }

    /**
     * Reverse mode: y_k = P y_{k+1} + c_{k+1} s, edge adjoints, then θ through the coefficients (a rewarded model:
     * through the Jacobians of the weights and of α, whose adjoint is P y_0 + c_0 s).
     */
    private void reverse(Start start, double[][][] stored, double[][] w, double[][] stay, double[][] exit,
                         double[] density, Windows windows, double lambda, double[][] gradient) {
        int steps = stored.length;
        int b = w.length == 0 ? gradient.length : w[0].length;
        // c_k = Σ_obs π_k(Λt_obs)/f(t_obs)
        double[][] c = new double[steps][b]; // c_k per particle
        double[] inverse = new double[b];
        double[] noJump = new double[b]; // Σ over observations of 0 jumps of 1/f: the defect's adjoint
        for (int i = 0; i < observations.length; i++) {
            if (discrete) {
                int jumps = (int) observations[i];
                for (int j = 0; j < b; j++) {
                    if (jumps > 0) {
                        c[jumps - 1][j] += 1 / density[i * b + j];
                    } else {
                        noJump[j] += 1 / density[i * b + j];
                    }
                }
                continue;
            }
            double[] weight = windows.weights;
            int from = windows.start[i];
            int left = windows.left[i];
            // reverse mode only runs when every density came from its window (no far-tail sums)
            for (int j = 0; j < b; j++) {
                inverse[j] = 1 / density[i * b + j];
            }
            for (int k = 0; k < windows.length[i]; k++) {
                double pk = weight[from + k];
                double[] ck = c[left + k];
                for (int j = 0; j < b; j++) {
                    ck[j] += pk * inverse[j];
                }
            }
        }
        double[][] edgeAdjoint = new double[edgeCount][b];
        double[][] y = new double[transientCount][b];   // y_{steps-1} = 0
        double[][] previous = new double[transientCount][b];
        for (int k = steps - 1; k >= 0; k--) {
            double[][] v = stored[k];
            // ∂P terms use y_k; the exit term uses c_k
            for (int e = 0; e < edgeCount; e++) {
                int from = edgeFrom[e];
                int to = edgeTo[e];
                double[] vf = v[from];
                double[] adj = edgeAdjoint[e];
                double[] yf = y[from];
                if (to >= 0) {
                    double[] yt = y[to];
                    for (int j = 0; j < b; j++) {
                        adj[j] += vf[j] * (yt[j] - yf[j]) / lambda;
                    }
                } else {
                    double[] ck = c[k];
                    for (int j = 0; j < b; j++) {
                        adj[j] += vf[j] * (ck[j] - yf[j] / lambda);
                    }
                }
            }
            if (k == 0) {
                if (start.weightDerivative != null) {
                    alphaAdjoint(start, y, previous, w, stay, exit, c[0], noJump, gradient);
                }
                break;
            }
            // y_{k−1} = P y_k + c_k s
            for (int t = 0; t < transientCount; t++) {
                double[] out = previous[t];
                double[] yt = y[t];
                double[] st = stay[t];
                double[] ex = exit[t];
                double[] ck = c[k];
                for (int j = 0; j < b; j++) {
                    out[j] = st[j] * yt[j] + ck[j] * ex[j];
                }
            }
            for (int e = 0; e < edgeCount; e++) {
                int to = edgeTo[e];
                if (to < 0) {
                    continue;
                }
                double[] out = previous[edgeFrom[e]];
                double[] yt = y[to];
                double[] we = w[e];
                for (int j = 0; j < b; j++) {
                    out[j] += we[j] * yt[j];
                }
            }
            double[][] swap = y;
            y = previous;
            previous = swap;
        }
        for (int e = 0; e < edgeCount; e++) {
            if (start.weightDerivative != null) {
                for (int p = 0; p < d; p++) {
                    double[] jacobian = start.weightDerivative[e][p];
                    for (int j = 0; jacobian != null && j < b; j++) {
                        gradient[j][p] += jacobian[j] * edgeAdjoint[e][j];
                    }
                }
                continue;
            }
            double[] coefficients = edgeCoefficient[e];
            if (coefficients == null) {
                continue;
            }
            for (int p = 0; p < d; p++) {
                if (coefficients[p] != 0) {
                    for (int j = 0; j < b; j++) {
                        gradient[j][p] += coefficients[p] * edgeAdjoint[e][j];
                    }
                }
            }
        }
    }

    /**
     * ∂ℓ/∂α_t = (P y_0 + c_0 s)_t − (Σ_{no-jump observations} 1/f), the last through the defect 1 − Σα; mapped to
     * θ through α's Jacobian.
     */
    private void alphaAdjoint(Start start, double[][] y, double[][] out, double[][] w, double[][] stay,
                              double[][] exit, double[] c0, double[] noJump, double[][] gradient) {
        int b = c0.length;
        for (int t = 0; t < transientCount; t++) {
            double[] o = out[t];
            double[] yt = y[t];
            double[] st = stay[t];
            double[] ex = exit[t];
            for (int j = 0; j < b; j++) {
                o[j] = st[j] * yt[j] + c0[j] * ex[j] - noJump[j];
            }
        }
        for (int e = 0; e < edgeCount; e++) {
            int to = edgeTo[e];
            if (to < 0) {
                continue;
            }
            double[] o = out[edgeFrom[e]];
            double[] yt = y[to];
            double[] we = w[e];
            for (int j = 0; j < b; j++) {
                o[j] += we[j] * yt[j];
            }
        }
        for (int p = 0; p < d; p++) {
            for (int t = 0; t < transientCount; t++) {
                double[] jacobian = start.alphaDerivative[p][t];
                for (int j = 0; jacobian != null && j < b; j++) {
                    gradient[j][p] += jacobian[j] * out[t][j];
                }
            }
        }
    }

    private int maxJumps() {
        int max = 1;
        for (double x : observations) {
            max = Math.max(max, (int) x);
        }
        return max;
    }

    private static double[][] copy(double[][] v) {
        double[][] c = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            c[i] = v[i].clone();
        }
        return c;
    }
}
