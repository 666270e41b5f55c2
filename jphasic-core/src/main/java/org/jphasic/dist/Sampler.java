package org.jphasic.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jphasic.ParameterException;
import org.jphasic.PhasicException;
import org.jphasic.graph.Graph;

/**
 * Random samples of a phase-type graph by simulating its Markov chain (algorithms.md §3.7): from the start, jump
 * by α (the defect absorbs at time 0); in a transient vertex v wait an exact Exp(λ_v) time −ln(U)/λ_v with U
 * uniform on (0, 1] (continuous) or a Geometric(λ_v) number of jumps, counting the implicit self-transitions
 * (discrete); then move to a child with probability w(v→z)/λ_v, chosen in O(1) from a per-vertex alias table
 * (Walker 1977, Vose 1991). A sample is the absorption time (continuous), the number of jumps (discrete), or the
 * reward accumulated on the way, Y_j = Σ (time or jumps spent in v)·R_j(v), for one or several reward vectors.
 *
 * <p><b>Reproducible in parallel.</b> Samples are drawn in chunks of {@value #CHUNK}; chunk c uses the c-th
 * generator split in turn from {@code new SplittableRandom(seed)}, whichever thread runs it, so a seed gives the
 * same samples on one thread and on many.
 *
 * <p><b>Cost.</b> O(|V| + |E|) to build the tables; each sample costs O(number of jumps to absorption·ℓ) for ℓ
 * reward vectors, with no allocation.
 *
 * <pre>{@code
 * Sampler s = Sampler.of(graph).threads(4);
 * double[] times = s.sample(100_000, 42L);            // absorption times
 * double[][] y = s.sample(1000, 7L, new double[][] {r1, r2});   // [sample][reward]
 * }</pre>
 */
public final class Sampler {
    /** Samples per independently seeded chunk. */
    public static final int CHUNK = 4096;

    private final Graph graph;
    private final boolean discrete;
    private final int[] offsets;
    private final int[] targets;
    private final double[] aliasProbability;
    private final int[] aliasEdge;
    private final double[] totalRate;
    private final double[] logStay;
    private final double startDefect;
    private final int threads;

    private Sampler(Sampler base, int threads) {
        this.graph = base.graph;
        this.discrete = base.discrete;
        this.offsets = base.offsets;
        this.targets = base.targets;
        this.aliasProbability = base.aliasProbability;
        this.aliasEdge = base.aliasEdge;
        this.totalRate = base.totalRate;
        this.logStay = base.logStay;
        this.startDefect = base.startDefect;
        this.threads = threads;
    }

    private Sampler(Graph graph) {
        this.graph = graph;
        this.discrete = graph.isDiscrete();
        this.threads = 1;
        int n = graph.vertexCount();
        int m = graph.edgeCount();
        offsets = new int[n + 1];
        targets = new int[m];
        double[] weights = new double[m];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = graph.edgeEnd(v);
        }
        for (int e = 0; e < m; e++) {
            targets[e] = graph.edgeTarget(e);
            weights[e] = graph.edgeWeight(e);
        }
        totalRate = new double[n];
        logStay = new double[n];
        for (int v = 0; v < n; v++) {
            double sum = 0;
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                sum += weights[e];
            }
            totalRate[v] = sum;
            logStay[v] = sum >= 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-sum);
        }
        startDefect = Math.max(0, 1 - totalRate[Graph.START]);
        aliasProbability = new double[m];
        aliasEdge = new int[m];
        buildAliasTables(weights);
    }

    /**
     * A sampler for a constant graph, continuous or discrete, running on one thread.
     *
     * @param graph the graph (use {@code graph.at(theta)} for a parameterized one)
     * @return the sampler
     * @throws ParameterException if the graph is parameterized
     */
    public static Sampler of(Graph graph) {
        JumpChain.requireConstant(graph);
        return new Sampler(graph);
    }

    /**
     * The same sampler running on several threads; the samples do not depend on the thread count.
     *
     * @param count the number of threads, at least 1
     * @return a sampler sharing this one's tables
     */
    public Sampler threads(int count) {
        if (count < 1) {
            throw new ParameterException("thread count is " + count + "; it must be at least 1");
        }
        return new Sampler(this, count);
    }

    /**
     * Walker's alias tables, built by Vose's method: for a vertex with d out-edges, slot i (edge offsets[v] + i)
     * is kept with probability aliasProbability and otherwise replaced by aliasEdge.
     */
    private void buildAliasTables(double[] weights) {
        int maxDegree = 0;
        for (int v = 0; v + 1 < offsets.length; v++) {
            maxDegree = Math.max(maxDegree, offsets[v + 1] - offsets[v]);
        }
        double[] scaled = new double[maxDegree];
        int[] small = new int[maxDegree];
        int[] large = new int[maxDegree];
        for (int v = 0; v + 1 < offsets.length; v++) {
            int first = offsets[v];
            int d = offsets[v + 1] - first;
            if (d == 0) {
                continue;
            }
            double sum = totalRate[v];
            int smallCount = 0;
            int largeCount = 0;
            for (int i = 0; i < d; i++) {
                scaled[i] = sum > 0 ? weights[first + i] * d / sum : 1.0;
                if (scaled[i] < 1) {
                    small[smallCount++] = i;
                } else {
                    large[largeCount++] = i;
                }
            }
            while (smallCount > 0 && largeCount > 0) {
                int s = small[--smallCount];
                int l = large[--largeCount];
                aliasProbability[first + s] = scaled[s];
                aliasEdge[first + s] = first + l;
                scaled[l] = scaled[l] + scaled[s] - 1;
                if (scaled[l] < 1) {
                    small[smallCount++] = l;
                } else {
                    large[largeCount++] = l;
                }
            }
            while (largeCount > 0) {
                int l = large[--largeCount];
                aliasProbability[first + l] = 1;
                aliasEdge[first + l] = first + l;
            }
            while (smallCount > 0) {
                int s = small[--smallCount]; // only rounding leaves these: they keep their slot
                aliasProbability[first + s] = 1;
                aliasEdge[first + s] = first + s;
            }
        }
    }

    /** @return the graph */
    public Graph graph() {
        return graph;
    }

    /**
     * Absorption times (continuous) or numbers of jumps (discrete).
     *
     * @param count the number of samples, non-negative
     * @param seed  the seed
     * @return the samples
     */
    public double[] sample(int count, long seed) {
        return run(count, seed, null, 1);
    }

    /**
     * Accumulated rewards Y = ∫₀^τ r(X_t) dt (continuous) or Σ_{k&lt;τ} r(X_k) (discrete).
     *
     * @param count   the number of samples, non-negative
     * @param seed    the seed
     * @param rewards one finite reward per vertex. Not modified.
     * @return the samples
     */
    public double[] sample(int count, long seed, double[] rewards) {
        Checks.rewards(rewards, graph.vertexCount());
        return run(count, seed, rewards.clone(), 1);
    }

    /**
     * Multivariate accumulated rewards, one per reward vector, from the same paths.
     *
     * @param count   the number of samples, non-negative
     * @param seed    the seed
     * @param rewards ℓ reward vectors, one finite reward per vertex each. Not modified.
     * @return the samples, {@code [sample][reward vector]}
     */
    public double[][] sample(int count, long seed, double[][] rewards) {
        if (rewards == null || rewards.length == 0) {
            throw new ParameterException("no reward vectors given");
        }
        int n = graph.vertexCount();
        int ell = rewards.length;
        double[] matrix = new double[n * ell];
        for (int j = 0; j < ell; j++) {
            Checks.rewards(rewards[j], n);
            for (int v = 0; v < n; v++) {
                matrix[v * ell + j] = rewards[j][v];
            }
        }
        double[] flat = run(count, seed, matrix, ell);
        double[][] out = new double[count][ell];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, i * ell, out[i], 0, ell);
        }
        return out;
    }

    private double[] run(int count, long seed, double[] rewards, int ell) {
        if (count < 0) {
            throw new ParameterException("sample count is " + count + "; it must be non-negative");
        }
        double[] out = new double[Math.multiplyExact(count, ell)];
        int chunks = (count + CHUNK - 1) / CHUNK;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] generators = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) {
            generators[c] = root.split();
        }
        if (threads == 1 || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                sampleChunk(generators[c], c, count, rewards, ell, out);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, chunks), r -> {
            Thread t = new Thread(r, "jphasic-sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int chunk = c;
                futures.add(pool.submit(() -> sampleChunk(generators[chunk], chunk, count, rewards, ell, out)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhasicException("sampling was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new PhasicException("sampling failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private void sampleChunk(SplittableRandom rng, int chunk, int count, double[] rewards, int ell, double[] out) {
        int end = Math.min(count, (chunk + 1) * CHUNK);
        for (int i = chunk * CHUNK; i < end; i++) {
            sampleOne(rng, rewards, ell, out, i * ell);
        }
    }

    /**
     * Simulates one path and adds its accumulated rewards (or time) to out[base .. base + ell).
     *
     * @param rng     the generator. Modified.
     * @param rewards the |V|×ℓ reward matrix, row-major, or null for time / jumps. Not modified.
     * @param ell     the number of reward vectors
     * @param out     the samples. Modified.
     * @param base    where this sample's values go
     */
    private void sampleOne(SplittableRandom rng, double[] rewards, int ell, double[] out, int base) {
        if (startDefect > 0 && rng.nextDouble() < startDefect) {
            return;
        }
        int v = targets[chooseEdge(Graph.START, rng.nextDouble())];
        while (offsets[v] != offsets[v + 1]) {
            double spent;
            if (discrete) {
                double u = 1 - rng.nextDouble();
                spent = Math.max(1, Math.ceil(Math.log(u) / logStay[v]));
            } else {
                spent = -Math.log(1 - rng.nextDouble()) / totalRate[v];
            }
            if (rewards == null) {
                out[base] += spent;
            } else {
                int row = v * ell;
                for (int j = 0; j < ell; j++) {
                    out[base + j] += spent * rewards[row + j];
                }
            }
            v = targets[chooseEdge(v, rng.nextDouble())];
        }
    }

    /** One alias-table draw among v's out-edges from a uniform u in [0, 1). */
    private int chooseEdge(int v, double u) {
        int first = offsets[v];
        int d = offsets[v + 1] - first;
        double x = u * d;
        int i = Math.min((int) x, d - 1);
        int e = first + i;
        return x - i < aliasProbability[e] ? e : aliasEdge[e];
    }

    @Override
    public String toString() {
        return "Sampler[" + graph + ", " + threads + " thread" + (threads == 1 ? "" : "s") + "]";
    }
}
