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
     * A window sum below 1e-3 of the largest a_k may carry a relative error above 1e-12 (the window omits at most
     * δ·max a_k); such densities are summed exactly over the whole range instead (log of the fraction).
     */
    private static final double LOG_RELATIVE_GUARD = Math.log(1e-3);
    /** Transient mass below this is rescaled (by an exact power of two) before it can underflow. */
    private static final double UNDERFLOW_GUARD = 0x1p-600;
    private static final double LN2 = Math.log(2);
    /** Batches are split over a pool in at most this many chunks of at least {@link #MIN_CHUNK}. */
    private static final int PARALLEL_CHUNKS = 8;
    private static final int MIN_CHUNK = 4;

    private final Graph graph;
    private final double[] observations;
    private final boolean discrete;
    private final int d;
    private final int n;
    private final int[] transientIndex;      // vertex → transient index or −1
    private final int transientCount;
    private final double[] alpha;       // initial probabilities of transient vertices
    // edges out of transient vertices
    private final int[] edgeFrom;
    private final int[] edgeTo;         // transient index, or −1 for absorbing
    private final double[] edgeConstant;
    private final double[][] edgeCoefficient; // null for constant edges
    private final int edgeCount;
    private Mode mode = Mode.AUTO;
    private double lambdaFactor = 1.0;
    private ExecutorService pool;
    private Windows lastWindows;

    private PhaseTypeLikelihood(Graph graph, double[] observations) {
        this.graph = graph;
        this.observations = observations.clone();
        this.discrete = graph.isDiscrete();
        this.d = graph.parameterCount();
        this.n = graph.vertexCount();
        transientIndex = new int[n];
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
        for (int k = 0; k < this.observations.length; k++) {
            double x = this.observations[k];
            if (!(x >= 0) || !Double.isFinite(x) || (discrete && x != Math.rint(x))) {
                throw new ParameterException("observation " + k + " is " + x + "; expected "
                        + (discrete ? "a non-negative whole number of jumps" : "a finite non-negative time"));
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
     * @param mode how gradients are computed
     * @return this
     */
    public PhaseTypeLikelihood mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /**
     * Uses Λ = factor × the largest exit rate of the batch (default 1). Results do not depend on it; tests use it
     * to show so.
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
        this.pool = pool;
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
        double[][] weights = new double[batch][];
        double lambda = 0;
        for (int j = 0; j < batch; j++) {
            graph.checkTheta(thetas[j]);
            weights[j] = edgeWeights(thetas[j]);
            lambda = Math.max(lambda, largestRate(weights[j], thetas[j]));
        }
        double uniformization = discrete ? 1 : quantize(lambda * lambdaFactor);
        Windows windows = discrete ? null : windows(uniformization);
        // every loop is elementwise across the batch, so a particle's result does not depend on its chunk
        int parts = pool == null ? 1 : Math.max(1, Math.min(PARALLEL_CHUNKS, (batch + MIN_CHUNK - 1) / MIN_CHUNK));
        List<int[]> chunks = new ArrayList<>();
        for (int c = 0; c < parts; c++) {
            int from = (int) ((long) batch * c / parts);
            int to = (int) ((long) batch * (c + 1) / parts);
            if (to > from) {
                chunks.add(new int[] {from, to});
            }
        }
        if (pool == null || chunks.size() == 1) {
            for (int[] c : chunks) {
                chunk(thetas, weights, c[0], c[1], uniformization, windows, values, gradients);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int[] c : chunks) {
            futures.add(pool.submit(() -> chunk(thetas, weights, c[0], c[1], uniformization, windows, values,
                    gradients)));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PhasicException("likelihood evaluation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhasicException("interrupted while evaluating the likelihood", e);
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

    private double[] edgeWeights(double[] theta) {
        double[] w = new double[edgeCount];
        for (int e = 0; e < edgeCount; e++) {
            double[] c = edgeCoefficient[e];
            if (c == null) {
                w[e] = edgeConstant[e];
            } else {
                double s = 0;
                for (int p = 0; p < d; p++) {
                    s += c[p] * theta[p];
                }
                if (!(s >= 0)) {
                    throw new ParameterException("theta = " + Arrays.toString(theta) + " makes an edge weight "
                            + s + " < 0; every rate must be non-negative");
                }
                w[e] = s;
            }
        }
        return w;
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
     * Rounds Λ up to the grid 2^(j/32): any Λ above the largest rate is exact, and once the particles settle the
     * rounded Λ repeats, so the Poisson windows are reused from one iteration to the next.
     */
    static double quantize(double lambda) {
        double rounded = Math.pow(2, Math.ceil(32 * Math.log(lambda) / Math.log(2) - 1e-9) / 32);
        return Math.max(rounded, lambda);
    }

    private synchronized Windows windows(double lambda) {
        Windows w = lastWindows;
        if (w == null || w.lambda != lambda) {
            w = new Windows(observations, lambda);
            lastWindows = w;
        }
        return w;
    }

    /** Poisson windows of every observation, for one Λ. */
    private static final class Windows {
        final double lambda;
        final PoissonWindow[] window;
        final int[] left;
        final double[][] weights;
        final double[] mean;
        /** Where an exact tail sum may stop: beyond it the Poisson mass is below 1e-40. */
        final int[] farRight;
        final int maxIndex;

        Windows(double[] times, double lambda) {
            this.lambda = lambda;
            window = new PoissonWindow[times.length];
            left = new int[times.length];
            weights = new double[times.length][];
            mean = new double[times.length];
            farRight = new int[times.length];
            int max = 0;
            java.util.Map<Double, PoissonWindow> shared = new java.util.HashMap<>();
            java.util.Map<PoissonWindow, double[]> sharedWeights = new java.util.IdentityHashMap<>();
            for (int i = 0; i < times.length; i++) {
                window[i] = shared.computeIfAbsent(times[i], t -> PoissonWindow.of(lambda * t, POISSON_DELTA));
                left[i] = window[i].left();
                weights[i] = sharedWeights.computeIfAbsent(window[i], PoissonWindow::weights);
                mean[i] = lambda * times[i];
                farRight[i] = window[i].right() + (int) Math.ceil(5 * Math.sqrt(mean[i])) + 20;
                max = Math.max(max, farRight[i]);
            }
            maxIndex = max;
        }
    }

    /** The scalar sequences a_k (and b_k) for a chunk of the batch, particle innermost. */
    private void chunk(double[][] thetas, double[][] weights, int from, int to, double lambda, Windows windows,
                       double[] values, double[][] gradients) {
        boolean forward = mode == Mode.FORWARD || (mode == Mode.AUTO && d <= 2);
        if (!chunk(thetas, weights, from, to, lambda, windows, values, gradients, forward)) {
            // a far-tail density: π_k/f overflows where v_k underflows, so the reverse sweep cannot carry it;
            // forward mode carries the ratios exactly
            chunk(thetas, weights, from, to, lambda, windows, values, gradients, true);
        }
    }

    /** @return false if reverse mode met a far-tail observation and the chunk must be redone in forward mode */
    private boolean chunk(double[][] thetas, double[][] weights, int from, int to, double lambda, Windows windows,
                          double[] values, double[][] gradients, boolean forward) {
        int b = to - from;
        int steps = discrete ? maxJumps() : windows.maxIndex + 1;
        // edge weights / Λ, particle innermost
        double[][] w = new double[edgeCount][b];
        double[][] stay = new double[transientCount][b];   // 1 − λ_v/Λ (discrete: 1 − λ_v)
        double[][] exit = new double[transientCount][b];   // s_v/Λ factor applied in a_k below
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
        double[] a = new double[steps * b];                    // a[k·b + j]
        double[][] da = forward ? new double[d][steps * b] : null; // da[p][k·b + j]
        double[][][] stored = forward ? null : new double[steps][][];
        double[][] v = new double[transientCount][b];
        for (int t = 0; t < transientCount; t++) {
            Arrays.fill(v[t], alpha[t]);
        }
        double[][][] u = forward ? new double[d][transientCount][b] : null;
        double[][] next = new double[transientCount][b];
        double[][][] nextU = forward ? new double[d][transientCount][b] : null;
        // v is kept as mantissa·2^exponent[j]; scale[k·b + j] is the exponent a_k was computed at (null: all 0)
        int[] exponent = new int[b];
        int[] scale = null;
        double[] mass = new double[b];
        for (int k = 0; k < steps; k++) {
            // a_k = v_k·s (discrete: pmf(k + 1) = v_k·t)
            int base = k * b;
            java.util.Arrays.fill(mass, 0.0);
            for (int t = 0; t < transientCount; t++) {
                double[] vt = v[t];
                double[] et = exit[t];
                for (int j = 0; j < b; j++) {
                    a[base + j] += vt[j] * et[j];
                    mass[j] += vt[j];
                }
            }
            if (scale != null) {
                System.arraycopy(exponent, 0, scale, base, b);
            }
            if (forward) {
                for (int p = 0; p < d; p++) {
                    double[] dap = da[p];
                    for (int t = 0; t < transientCount; t++) {
                        double[] ut = u[p][t];
                        double[] et = exit[t];
                        for (int j = 0; j < b; j++) {
                            dap[base + j] += ut[j] * et[j];
                        }
                    }
                    for (int e = 0; e < edgeCount; e++) {
                        if (edgeTo[e] < 0 && edgeCoefficient[e] != null && edgeCoefficient[e][p] != 0) {
                            double c = edgeCoefficient[e][p];
                            double[] vf = v[edgeFrom[e]];
                            for (int j = 0; j < b; j++) {
                                dap[base + j] += vf[j] * c;
                            }
                        }
                    }
                }
            } else {
                stored[k] = copy(v);
            }
            if (k + 1 == steps) {
                break;
            }
            // keep the transient mass representable: rescale a particle's vectors by an exact power of two
            for (int j = 0; j < b; j++) {
                if (mass[j] > 0 && mass[j] < UNDERFLOW_GUARD) {
                    if (!forward) {
                        return false; // the reverse sweep works unscaled; forward mode carries the exponents
                    }
                    if (scale == null) {
                        scale = new int[steps * b]; // exponents so far were all 0
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
            step(v, next, w, stay);
            if (forward) {
                for (int p = 0; p < d; p++) {
                    step(u[p], nextU[p], w, stay);
                    // + v_k ∂P/∂θ_p: ∂P_ij = c/Λ on edges into transient j, −Σc/Λ on the diagonal
                    for (int e = 0; e < edgeCount; e++) {
                        if (edgeCoefficient[e] == null || edgeCoefficient[e][p] == 0) {
                            continue;
                        }
                        double c = edgeCoefficient[e][p] / lambda;
                        double[] vf = v[edgeFrom[e]];
                        double[] self = nextU[p][edgeFrom[e]];
                        for (int j = 0; j < b; j++) {
                            self[j] -= vf[j] * c;
                        }
                        if (edgeTo[e] >= 0) {
                            double[] into = nextU[p][edgeTo[e]];
                            for (int j = 0; j < b; j++) {
                                into[j] += vf[j] * c;
                            }
                        }
                    }
                    double[][] swap = u[p];
                    u[p] = nextU[p];
                    nextU[p] = swap;
                }
            }
            double[][] swap = v;
            v = next;
            next = swap;
        }
        // densities and log-likelihood
        int obsCount = observations.length;
        double[][] logDensity = new double[obsCount][b];
        boolean[][] tail = discrete ? null : new boolean[obsCount][];
        double[] logLik = new double[b];
        double[][] gradient = new double[b][d];
        double[][] sequences = new double[forward ? 1 + d : 1][];
        sequences[0] = a;
        for (int p = 0; forward && p < d; p++) {
            sequences[1 + p] = da[p];
        }
        // log of the largest a_k of each particle, exponents included
        double[] logLargest = new double[b];
        java.util.Arrays.fill(logLargest, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < b; j++) {
                double x = a[k * b + j];
                if (x > 0) {
                    double log = Math.log(x) + (scale == null ? 0 : scale[k * b + j] * LN2);
                    logLargest[j] = Math.max(logLargest[j], log);
                }
            }
        }
        double[][] sums = new double[sequences.length][b];
        for (int i = 0; i < obsCount; i++) {
            windowSums(i, sequences, windows, b, sums);
            for (int j = 0; j < b; j++) {
                double f = sums[0][j];
                int windowExponent = 0;
                boolean uniform = true;
                if (scale != null && !discrete) {
                    int left = windows.left[i];
                    int right = left + windows.weights[i].length - 1;
                    windowExponent = scale[left * b + j];
                    uniform = scale[right * b + j] == windowExponent;
                }
                double logF = Math.log(f) + windowExponent * LN2;
                if (!discrete && (!uniform || !(logF >= LOG_RELATIVE_GUARD + logLargest[j]))) {
                    // the window's omitted mass (≤ δ·max a_k) may not be negligible next to f: sum it all exactly
                    if (!forward) {
                        return false;
                    }
                    if (tail[i] == null) {
                        tail[i] = new boolean[b];
                    }
                    tail[i][j] = true;
                    logDensity[i][j] = tailSums(i, j, sequences, scale, windows, b, steps, sums);
                } else {
                    logDensity[i][j] = discrete && scale != null
                            ? Math.log(f) + scale[((int) observations[i] - 1) * b + j] * LN2 : logF;
                }
                logLik[j] += logDensity[i][j];
            }
            for (int p = 0; forward && p < d; p++) {
                double[] df = sums[1 + p];
                for (int j = 0; j < b; j++) {
                    gradient[j][p] += df[j] / sums[0][j];
                }
            }
        }
        if (!forward) {
            reverse(stored, w, stay, exit, logDensity, tail, windows, lambda, gradient);
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
     * The Poisson-window sums of observation i for every sequence: {@code out[s][j] = Σ_k π_k(Λx_i)·seq_s[k·b + j]}
     * (sequence 0 is a_k, the others its derivatives; discrete: the sequence at jump x_i − 1, or the defect at 0).
     * Four particles at a time with independent accumulators; each particle's sum runs over k in order, so the
     * result does not depend on the blocking.
     */
    private void windowSums(int i, double[][] sequences, Windows windows, int b, double[][] out) {
        if (discrete) {
            int jumps = (int) observations[i];
            for (int s = 0; s < sequences.length; s++) {
                if (jumps == 0) {
                    // P(τ = 0) is the defect, which does not depend on θ
                    double mass = 0;
                    for (double x : alpha) {
                        mass += x;
                    }
                    java.util.Arrays.fill(out[s], 0, b, s == 0 ? Math.max(0, 1 - mass) : 0);
                } else {
                    System.arraycopy(sequences[s], (jumps - 1) * b, out[s], 0, b);
                }
            }
            return;
        }
        double[] weight = windows.weights[i];
        int left = windows.left[i];
        int length = weight.length;
        for (int s = 0; s < sequences.length; s++) {
            double[] seq = sequences[s];
            double[] o = out[s];
            int j = 0;
            for (; j + 4 <= b; j += 4) {
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                int base = left * b + j;
                for (int k = 0; k < length; k++, base += b) {
                    double p = weight[k];
                    a0 += p * seq[base];
                    a1 += p * seq[base + 1];
                    a2 += p * seq[base + 2];
                    a3 += p * seq[base + 3];
                }
                o[j] = a0;
                o[j + 1] = a1;
                o[j + 2] = a2;
                o[j + 3] = a3;
            }
            for (; j < b; j++) {
                double acc = 0;
                int base = left * b + j;
                for (int k = 0; k < length; k++, base += b) {
                    acc += weight[k] * seq[base];
                }
                o[j] = acc;
            }
        }
    }

    /**
     * log Pois(k; μ) = −μ + k log μ − log k! for k = 0..end, the log-factorial summed with Neumaier's compensation
     * so the error stays near one ulp of the terms (a plain running sum loses digits over thousands of terms).
     */
    static double[] logPoisson(double mu, int end) {
        double[] logPi = new double[end + 1];
        if (mu == 0) {
            java.util.Arrays.fill(logPi, Double.NEGATIVE_INFINITY);
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
    private double tailSums(int i, int j, double[][] sequences, int[] scale, Windows windows, int b, int steps,
                            double[][] out) {
        int end = Math.min(steps - 1, windows.farRight[i]);
        double[] logPi = logPoisson(windows.mean[i], end);
        if (scale != null) {
            for (int k = 0; k <= end; k++) {
                logPi[k] += scale[k * b + j] * LN2; // the exponent of a_k's mantissa
            }
        }
        double m = Double.NEGATIVE_INFINITY;
        double[] a = sequences[0];
        for (int k = 0; k <= end; k++) {
            double ak = a[k * b + j];
            if (ak > 0) {
                m = Math.max(m, logPi[k] + Math.log(ak));
            }
        }
        if (m == Double.NEGATIVE_INFINITY) {
            out[0][j] = 0;
            return Double.NEGATIVE_INFINITY;
        }
        for (int s = 0; s < sequences.length; s++) {
            double[] seq = sequences[s];
            double sum = 0;
            for (int k = 0; k <= end; k++) {
                double x = seq[k * b + j];
                if (x != 0) {
                    sum += Math.copySign(Math.exp(logPi[k] + Math.log(Math.abs(x)) - m), x);
                }
            }
            out[s][j] = sum;
        }
        return m + Math.log(out[0][j]);
    }

    /** v ← vP: next[z] = v[z]·stay[z] + Σ_{u→z} v[u]·w/Λ. */
    private void step(double[][] v, double[][] next, double[][] w, double[][] stay) {
        int b = v[0].length;
        for (int t = 0; t < transientCount; t++) {
            double[] out = next[t];
            double[] in = v[t];
            double[] s = stay[t];
            for (int j = 0; j < b; j++) {
                out[j] = in[j] * s[j];
            }
        }
        for (int e = 0; e < edgeCount; e++) {
            int to = edgeTo[e];
            if (to < 0) {
                continue;
            }
            double[] out = next[to];
            double[] in = v[edgeFrom[e]];
            double[] we = w[e];
            for (int j = 0; j < b; j++) {
                out[j] += in[j] * we[j];
            }
        }
    }

    /** Reverse mode: y_k = P y_{k+1} + c_{k+1} s, edge adjoints, then θ through the coefficients. */
    private void reverse(double[][][] stored, double[][] w, double[][] stay, double[][] exit, double[][] logDensity,
                         boolean[][] tail, Windows windows, double lambda, double[][] gradient) {
        int steps = stored.length;
        int b = w.length == 0 ? gradient.length : w[0].length;
        // c_k = Σ_obs π_k(Λt_obs)/f(t_obs)
        double[][] c = new double[steps][b]; // c_k per particle
        for (int i = 0; i < observations.length; i++) {
            if (discrete) {
                int jumps = (int) observations[i];
                if (jumps > 0) {
                    for (int j = 0; j < b; j++) {
                        c[jumps - 1][j] += Math.exp(-logDensity[i][j]);
                    }
                }
                continue;
            }
            double[] weight = windows.weights[i];
            int left = windows.left[i];
            double[] inverse = new double[b];
            for (int j = 0; j < b; j++) {
                inverse[j] = tail[i] != null && tail[i][j] ? 0 : Math.exp(-logDensity[i][j]);
            }
            for (int k = 0; k < weight.length; k++) {
                double pk = weight[k];
                double[] ck = c[left + k];
                for (int j = 0; j < b; j++) {
                    ck[j] += pk * inverse[j];
                }
            }
            for (int j = 0; tail[i] != null && j < b; j++) {
                if (tail[i][j]) {
                    // c_k += π_k(μ)/f over the whole range, in log space
                    int end = Math.min(steps - 1, windows.farRight[i]);
                    double[] logPi = logPoisson(windows.mean[i], end);
                    for (int k = 0; k <= end; k++) {
                        c[k][j] += Math.exp(logPi[k] - logDensity[i][j]);
                    }
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
