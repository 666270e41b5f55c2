package org.jphasic.dist;

import java.util.ArrayList;
import java.util.List;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;

/**
 * A time-inhomogeneous phase-type distribution with piecewise-constant weights (Røikjer, Hobolth &amp; Munch
 * 2022, §2.12): epoch i runs from boundary T_i to T_{i+1} (T_0 = 0, the last epoch never ends) with the weights
 * of its own graph — the same graph at a new θ, or another graph over the same vertices. With S_i the
 * sub-intensity matrix of epoch i, the transient vector is carried across boundaries,
 * <pre>
 *   π(t) = α·e^{S_0 (T_1 − T_0)}·…·e^{S_i (t − T_i)}   for t in [T_i, T_{i+1}),
 * </pre>
 * and f(t) = π(t)·s_i, F(t) = 1 − π(t)·1, a(t) = ∫₀ᵗ π(u) du; the truncated reward expectation
 * E[∫₀ᵀ r(X_u) du] = r·a(T) ({@link #truncatedExpectation}). At a boundary the new epoch's weights apply (f is
 * right-continuous). Each epoch is uniformised with its own rate Λ_i ({@link Uniformization}).
 *
 * <p>The initial distribution is the first graph's; every graph must have the same vertex count and the same
 * absorbing vertices (absorbed mass never returns), which is checked.
 *
 * <p><b>Accuracy.</b> Every value is within ε of the exact one, plus rounding (in the {@code ...ErrorBound}
 * methods): each epoch runs at ε/(m·C), with m epochs and C the largest factor by which a carried error can grow
 * into a result (1, the largest exit rate, the largest time).
 *
 * <p><b>Cost:</b> Σ_i O(Λ_i·(length of epoch i used)·(|V| + |E|)).
 *
 * <pre>{@code
 * // population size halves at time 0.5: θ = 1 before, θ = 2 after
 * EpochDistribution d = EpochDistribution.parameterized(kingman, new double[] {0.5},
 *         new double[] {1}, new double[] {2});
 * double[] cdf = d.cdf(new double[] {0.25, 0.5, 1, 2});
 * }</pre>
 */
public final class EpochDistribution extends TransientDistribution {
    private final JumpChain[] chains;
    private final double[] starts;
    private final double epsilon;
    private final double largestExitRate;

    private EpochDistribution(JumpChain[] chains, double[] starts, double epsilon) {
        super(chains[0]);
        this.chains = chains;
        this.starts = starts;
        this.epsilon = epsilon;
        double exit = 0;
        for (JumpChain c : chains) {
            exit = Math.max(exit, c.maxExitRate());
        }
        this.largestExitRate = exit;
    }

    /**
     * Epochs of constant graphs, error bound {@value Uniformization#DEFAULT_EPSILON}.
     *
     * @param boundaries the times T_1 &lt; T_2 &lt; … where the next graph takes over, positive and finite;
     *                   one fewer than the graphs. Not modified.
     * @param graphs     the graph of each epoch, constant and continuous, same vertices and absorbing vertices
     * @return the distribution
     * @throws ParameterException if the boundaries or graphs do not fit together
     */
    public static EpochDistribution of(double[] boundaries, List<Graph> graphs) {
        return of(boundaries, graphs, Uniformization.DEFAULT_EPSILON);
    }

    /**
     * @param boundaries the times where the next graph takes over, increasing, positive. Not modified.
     * @param graphs     the graph of each epoch
     * @param epsilon    the absolute error bound, in [1e-15, 1)
     * @return the distribution
     * @throws ParameterException if the boundaries or graphs do not fit together, or ε is out of range
     */
    public static EpochDistribution of(double[] boundaries, List<Graph> graphs, double epsilon) {
        Checks.epsilon(epsilon);
        if (graphs == null || graphs.isEmpty()) {
            throw new ParameterException("no epochs: give at least one graph");
        }
        if (boundaries == null || boundaries.length != graphs.size() - 1) {
            throw new ParameterException("there are " + graphs.size() + " epoch graphs, so there must be "
                    + (graphs.size() - 1) + " boundaries; got " + (boundaries == null ? 0 : boundaries.length));
        }
        double[] starts = new double[graphs.size()];
        for (int i = 0; i < boundaries.length; i++) {
            double b = boundaries[i];
            if (!(b > starts[i]) || !Double.isFinite(b)) {
                throw new ParameterException("boundary " + i + " is " + b + "; boundaries must be finite, positive "
                        + "and increasing (the previous one is " + starts[i] + ")");
            }
            starts[i + 1] = b;
        }
        JumpChain[] chains = new JumpChain[graphs.size()];
        for (int i = 0; i < chains.length; i++) {
            Graph g = graphs.get(i);
            Uniformization.requireContinuous(g);
            chains[i] = JumpChain.uniformized(g);
            if (i > 0 && !chains[i].sameVertices(chains[0])) {
                throw new ParameterException("the graph of epoch " + i + " (" + g + ") does not have the same "
                        + "vertices and absorbing vertices as the first (" + graphs.get(0) + "); every epoch must "
                        + "describe the same states, only the weights may change");
            }
        }
        return new EpochDistribution(chains, starts, epsilon);
    }

    /**
     * Epochs of one parameterized graph, each with its own θ.
     *
     * @param graph      a parameterized (or constant) continuous graph
     * @param boundaries the times where the next θ takes over, increasing, positive. Not modified.
     * @param thetas     one parameter vector per epoch. Not modified.
     * @return the distribution
     * @throws ParameterException if a θ is invalid for the graph or the counts do not match
     */
    public static EpochDistribution parameterized(Graph graph, double[] boundaries, double[]... thetas) {
        List<Graph> graphs = new ArrayList<>();
        for (double[] theta : thetas) {
            graphs.add(graph.at(theta));
        }
        return of(boundaries, graphs);
    }

    /** @return the number of epochs */
    public int epochCount() {
        return chains.length;
    }

    /** @return the error bound ε */
    public double epsilon() {
        return epsilon;
    }

    @Override
    void massAndDensity(double[] times, double[] mass, double[] density) {
        run(times, mass, density, null, null);
    }

    @Override
    void vectors(double[] times, double[][] probabilities, double[][] visiting) {
        run(times, null, null, probabilities, visiting);
    }

    /**
     * Runs the epochs one after the other, each from the transient vector the previous one ended with.
     */
    private void run(double[] times, double[] survival, double[] density, double[][] probabilities,
                     double[][] visiting) {
        int n = times.length;
        int size = chains[0].size();
        double maxTime = 0;
        for (double t : times) {
            maxTime = Math.max(maxTime, t);
        }
        double growth = Math.max(1, Math.max(largestExitRate, visiting != null ? maxTime : 0));
        double epochEpsilon = epsilon / (chains.length * growth);
        double[] current = chains[0].initial();
        double[] offset = visiting != null ? new double[size] : null;
        for (int e = 0; e < chains.length; e++) {
            double from = starts[e];
            double to = e + 1 < chains.length ? starts[e + 1] : Double.POSITIVE_INFINITY;
            List<Integer> inside = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (times[j] >= from && times[j] < to) {
                    inside.add(j);
                }
            }
            boolean carry = to <= maxTime;
            int m = inside.size() + (carry ? 1 : 0);
            double[] relative = new double[m];
            double[] s = survival != null ? new double[m] : null;
            double[] d = density != null ? new double[m] : null;
            double[][] p = new double[m][];
            double[][] a = visiting != null ? new double[m][] : null;
            for (int i = 0; i < inside.size(); i++) {
                relative[i] = times[inside.get(i)] - from;
                if (probabilities != null) {
                    p[i] = probabilities[inside.get(i)];
                }
                if (a != null) {
                    a[i] = visiting[inside.get(i)];
                }
            }
            if (carry) {
                relative[m - 1] = to - from;
                p[m - 1] = new double[size];
                if (a != null) {
                    a[m - 1] = new double[size];
                }
            }
            UniformizedSeries.evaluate(chains[e], current, relative, epochEpsilon, s, d, p, a);
            for (int i = 0; i < inside.size(); i++) {
                int j = inside.get(i);
                if (survival != null) {
                    survival[j] = s[i];
                }
                if (density != null) {
                    density[j] = d[i];
                }
                if (a != null) {
                    add(visiting[j], offset);
                }
            }
            if (!carry) {
                break;
            }
            current = p[m - 1];
            if (a != null) {
                add(offset, a[m - 1]);
            }
        }
    }

    private static void add(double[] target, double[] x) {
        for (int i = 0; i < x.length; i++) {
            target[i] += x[i];
        }
    }

    /** @return ε plus the rounding bound R(t) of the steps of every epoch up to t */
    @Override
    public double probabilityErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + rounding(t);
    }

    /** @return ε + max(1, max s_v)·R(t) */
    @Override
    public double densityErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + Math.max(1, largestExitRate) * rounding(t);
    }

    /** @return ε + 2(t + 1)·R(t) */
    @Override
    public double visitingTimeErrorBound(double t) {
        Checks.time(t, "t");
        return epsilon + 2 * (t + 1) * rounding(t);
    }

    private double rounding(double t) {
        double sum = 0;
        for (int e = 0; e < chains.length && starts[e] <= t; e++) {
            double end = e + 1 < chains.length ? Math.min(t, starts[e + 1]) : t;
            sum += Uniformization.rounding(chains[e], end - starts[e]);
        }
        return sum;
    }

    @Override
    public String toString() {
        return "EpochDistribution[" + chains.length + " epochs, ε = " + epsilon + "]";
    }
}
