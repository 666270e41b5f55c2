package org.jphasic.moments;

import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;

/**
 * Moments of a phase-type distribution and of accumulated rewards, from a {@link RewardReplay} (the reward
 * program of an eliminated graph, or an evaluated trace).
 *
 * <p>For a reward vector r ≥ 0 let Y = ∫₀^τ r(X_t) dt (continuous) or Y = Σ_{n&lt;τ} r(X_n) (discrete); without
 * rewards Y is the absorption time τ. With x = replay(r) = UΔ(r)1, where U = (−S)⁻¹ (continuous) or
 * (I − T)⁻¹ (discrete):
 * <ul>
 *   <li>continuous: E[Y^k] = k!·x⁽ᵏ⁾[S] with x⁽¹⁾ = replay(r), x⁽ᵏ⁾ = replay(r∘x⁽ᵏ⁻¹⁾) (paper §2.6);
 *       E[Y_iY_j] = αU(r_i∘x_j) + αU(r_j∘x_i);</li>
 *   <li>discrete: E[Y^k] = y⁽ᵏ⁾[S] with y⁽ᵏ⁾ = U(r^k + Σ_{j&lt;k} C(k,j) r^{k−j}∘(y⁽ʲ⁾ − b⁽ʲ⁾)), b⁽ʲ⁾ the
 *       vector replayed for y⁽ʲ⁾ (first-step analysis of (r + Y')^k); this gives E[Y²] = 2πUΔ(r)Ur − πUr²
 *       (Navarro 2019) and, unrewarded, raw moments rather than the reference's rising factorial moments
 *       (those are {@link #risingFactorialMoments(int)}); E[Y_iY_j] = πU(r_i∘x_j) + πU(r_j∘x_i) − πU(r_i∘r_j).</li>
 * </ul>
 * αU, the expected residence time in (discrete: number of visits to) each vertex, comes from one transposed
 * replay. A covariance matrix of ℓ reward vectors costs ℓ replays and ℓ² dot products. Reward vectors have one
 * entry per vertex; the entries of the start and of absorbing vertices are ignored.
 *
 * <pre>{@code
 * Moments m = Moments.of(graph);
 * double mean = m.expectation();
 * double[] raw = m.moments(3);          // E[T], E[T²], E[T³]
 * double cov = m.covariance(r1, r2);
 * }</pre>
 */
public final class Moments {
    private final RewardReplay replay;
    private final boolean discrete;
    private final int n;
    private volatile double[] residence;

    private Moments(RewardReplay replay, boolean discrete) {
        this.replay = replay;
        this.discrete = discrete;
        this.n = replay.vertexCount();
    }

    /**
     * Eliminates a constant graph and returns its moments.
     *
     * @param graph the graph (use {@code graph.at(theta)} for a parameterized one)
     * @return its moments
     * @throws ParameterException if the graph is parameterized
     */
    public static Moments of(Graph graph) {
        return new Moments(Elimination.program(graph), graph.isDiscrete());
    }

    /**
     * Moments from any reward replay.
     *
     * @param replay   computes UΔ(r)1
     * @param discrete whether the distribution is discrete
     * @return the moments
     */
    public static Moments of(RewardReplay replay, boolean discrete) {
        return new Moments(replay, discrete);
    }

    /** @return whether the distribution is discrete */
    public boolean isDiscrete() {
        return discrete;
    }

    /** @return the number of vertices, the length of every reward vector */
    public int vertexCount() {
        return n;
    }

    /** @return the reward replay behind these moments */
    public RewardReplay replay() {
        return replay;
    }

    /**
     * @return the expected time to absorption from every vertex (discrete: expected number of jumps)
     */
    public double[] expectedWaitingTimes() {
        double[] x = ones();
        replay.replay(x);
        return x;
    }

    /**
     * @param rewards one reward per vertex. Not modified.
     * @return the expected reward accumulated until absorption from every vertex
     */
    public double[] expectedWaitingTimes(double[] rewards) {
        double[] x = checked(rewards, "rewards").clone();
        replay.replay(x);
        return x;
    }

    /**
     * Computes expected accumulated rewards without allocating.
     *
     * @param rewards one reward per vertex. Not modified.
     * @param out     receives the expectations, length {@link #vertexCount()}. Modified.
     */
    public void expectedWaitingTimes(double[] rewards, double[] out) {
        checked(rewards, "rewards");
        if (out.length != n) {
            throw new ParameterException("output has length " + out.length + "; expected " + n);
        }
        System.arraycopy(rewards, 0, out, 0, n);
        replay.replay(out);
    }

    /** @return E[τ] */
    public double expectation() {
        return expectedWaitingTimes()[0];
    }

    /**
     * @param rewards one reward per vertex. Not modified.
     * @return E[Y]
     */
    public double expectation(double[] rewards) {
        return expectedWaitingTimes(rewards)[0];
    }

    /**
     * @param order the highest order k, at least 1
     * @return the raw moments E[τ], …, E[τ^k]
     */
    public double[] moments(int order) {
        return moments(order, ones());
    }

    /**
     * @param order   the highest order k, at least 1
     * @param rewards one reward per vertex. Not modified.
     * @return the raw moments E[Y], …, E[Y^k]
     */
    public double[] moments(int order, double[] rewards) {
        checkOrder(order);
        checked(rewards, "rewards");
        return discrete ? discreteMoments(order, rewards) : continuousMoments(order, rewards);
    }

    /** @return Var[τ] */
    public double variance() {
        return variance(ones());
    }

    /**
     * @param rewards one reward per vertex. Not modified.
     * @return Var[Y]
     */
    public double variance(double[] rewards) {
        double[] m = moments(2, rewards);
        return m[1] - m[0] * m[0];
    }

    /**
     * @param first  one reward per vertex. Not modified.
     * @param second one reward per vertex. Not modified.
     * @return Cov[Y₁, Y₂]
     */
    public double covariance(double[] first, double[] second) {
        return covarianceMatrix(new double[][] {first, second})[0][1];
    }

    /**
     * @param rewards ℓ reward vectors, one entry per vertex each. Not modified.
     * @return the ℓ×ℓ covariance matrix of the accumulated rewards
     */
    public double[][] covarianceMatrix(double[][] rewards) {
        int l = rewards.length;
        double[][] x = new double[l][];
        for (int i = 0; i < l; i++) {
            x[i] = checked(rewards[i], "rewards[" + i + "]").clone();
            replay.replay(x[i]);
        }
        double[] y = residenceTimes();
        double[][] c = new double[l][l];
        for (int i = 0; i < l; i++) {
            for (int j = i; j < l; j++) {
                double cross = 0;
                for (int v = 0; v < n; v++) {
                    if (y[v] != 0) {
                        double term = rewards[i][v] * x[j][v] + rewards[j][v] * x[i][v];
                        if (discrete) {
                            term -= rewards[i][v] * rewards[j][v];
                        }
                        cross += y[v] * term;
                    }
                }
                c[i][j] = c[j][i] = cross - x[i][0] * x[j][0];
            }
        }
        return c;
    }

    /**
     * The expected time spent in each vertex before absorption (discrete: expected number of visits), αU. The
     * start and absorbing vertices get 0. Their sum is E[τ].
     *
     * @return a fresh array, one entry per vertex
     */
    public double[] residenceTimes() {
        double[] y = residence;
        if (y == null) {
            y = new double[n];
            y[Graph.START] = 1.0;
            replay.replayTransposed(y);
            residence = y;
        }
        return y.clone();
    }

    /**
     * The rising factorial moments k!·αU^k·1 = E[τ(τ+1)…(τ+k−1)] of a discrete distribution (what the reference
     * library returns as its discrete "moments"); for a continuous distribution they equal {@link #moments(int)}.
     *
     * @param order the highest order k, at least 1
     * @return k!·αU^k·1 for k = 1..order
     */
    public double[] risingFactorialMoments(int order) {
        checkOrder(order);
        double[] r = ones();
        double[] result = new double[order];
        double[] x = r.clone();
        double factorial = 1;
        for (int k = 1; k <= order; k++) {
            if (k > 1) {
                for (int v = 0; v < n; v++) {
                    x[v] *= r[v];
                }
            }
            replay.replay(x);
            factorial *= k;
            result[k - 1] = factorial * x[0];
        }
        return result;
    }

    private double[] continuousMoments(int order, double[] r) {
        double[] result = new double[order];
        double[] x = r.clone();
        double factorial = 1;
        for (int k = 1; k <= order; k++) {
            if (k > 1) {
                for (int v = 0; v < n; v++) {
                    x[v] *= r[v];
                }
            }
            replay.replay(x);
            factorial *= k;
            result[k - 1] = factorial * x[0];
        }
        return result;
    }

    private double[] discreteMoments(int order, double[] r) {
        double[] result = new double[order];
        double[][] y = new double[order + 1][];
        double[][] b = new double[order + 1][];
        double[][] rPower = new double[order + 1][];
        rPower[0] = ones();
        for (int k = 1; k <= order; k++) {
            rPower[k] = new double[n];
            for (int v = 0; v < n; v++) {
                rPower[k][v] = rPower[k - 1][v] * r[v];
            }
        }
        for (int k = 1; k <= order; k++) {
            double[] rhs = rPower[k].clone();
            double binomial = 1; // C(k, j), built up as j grows
            for (int j = 1; j < k; j++) {
                binomial = binomial * (k - j + 1) / j;
                for (int v = 0; v < n; v++) {
                    rhs[v] += binomial * rPower[k - j][v] * (y[j][v] - b[j][v]);
                }
            }
            b[k] = rhs;
            y[k] = rhs.clone();
            replay.replay(y[k]);
            result[k - 1] = y[k][0];
        }
        return result;
    }

    private double[] ones() {
        double[] r = new double[n];
        Arrays.fill(r, 1.0);
        return r;
    }

    private double[] checked(double[] rewards, String name) {
        if (rewards == null) {
            throw new ParameterException(name + " is missing");
        }
        if (rewards.length != n) {
            throw new ParameterException(name + " has length " + rewards.length + " but the graph has " + n
                    + " vertices; give one reward per vertex (the start and absorbing vertices included, "
                    + "their rewards are ignored)");
        }
        for (int v = 0; v < n; v++) {
            if (!Double.isFinite(rewards[v])) {
                throw new ParameterException(name + "[" + v + "] is " + rewards[v] + "; rewards must be finite");
            }
        }
        return rewards;
    }

    private static void checkOrder(int order) {
        if (order < 1) {
            throw new ParameterException("moment order must be at least 1, got " + order);
        }
    }
}
