package org.jphasic.trace;

import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.moments.Moments;
import org.jphasic.moments.RewardReplay;

/**
 * Evaluates a {@link Trace} at parameter vectors: moments of the graph at θ without re-eliminating it, and
 * their exact gradients with respect to θ by reverse-mode differentiation over the reward replays and the tape.
 *
 * <p>An evaluator holds scratch arrays sized for its trace and is not thread-safe: use one per thread (the
 * trace itself is shared). {@link #evaluate(double[])} allocates nothing.
 *
 * <p><b>Checks.</b> θ of the wrong length or not finite, a θ that makes an edge weight negative or a
 * non-absorbing vertex's total rate zero, or one that closes a class (some multiplier becomes infinite) is a
 * {@link ParameterException} naming the edge or vertex.
 *
 * <p><b>Gradients.</b> Each output (a moment, or a linear functional of the expected waiting times) costs one
 * backward pass: the replays are run backwards, accumulating the adjoint of every command's multiplier into
 * its tape slot, then the tape is swept backwards (∂(a+b), ∂(a·b), ∂(1/a) = −1/a², ∂Σ, ∂(c·θ) = c) down to θ.
 *
 * <pre>{@code
 * TraceEvaluator ev = new TraceEvaluator(trace);
 * ev.evaluate(theta);
 * double mean = ev.moments().expectation();
 * double[] dMean = new double[theta.length];
 * ev.momentGradient(1, null, dMean);
 * }</pre>
 */
public final class TraceEvaluator {
    private final Trace trace;
    /** The trace's replay tables (the first evaluator of a trace builds them). */
    private final Trace.Tables tables;
    private final double[] values;
    private final double[] slotAdjoint;
    private double[][] recordBuffers; // grown on demand by momentGradient
    private final Replay replay = new Replay();
    private double[] theta;
    private boolean evaluated;

    /**
     * @param trace the trace to evaluate
     */
    public TraceEvaluator(Trace trace) {
        this.trace = trace;
        this.tables = trace.tables();
        this.values = trace.newValues();
        this.slotAdjoint = new double[trace.size()];
        this.theta = new double[trace.parameterCount];
    }

    /** @return the trace */
    public Trace trace() {
        return trace;
    }

    /**
     * Evaluates the tape at θ and checks the result.
     *
     * @param theta the parameters, length {@code trace().parameterCount()}. Not modified (copied).
     * @throws ParameterException if θ is invalid for the graph (see the class description)
     */
    public void evaluate(double[] theta) {
        checkTheta(trace, theta);
        System.arraycopy(theta, 0, this.theta, 0, theta.length);
        trace.evaluate(theta, values);
        check(trace, theta, values, 1, 0);
        evaluated = true;
    }

    /**
     * @return the value of every tape slot at the last θ (a copy)
     */
    public double[] values() {
        requireEvaluated();
        return values.clone();
    }

    /**
     * @return the weight of every recorded edge at the last θ, in the graph's edge order
     */
    public double[] edgeWeights() {
        requireEvaluated();
        double[] w = new double[trace.edgeWeightSlot.length];
        for (int e = 0; e < w.length; e++) {
            w[e] = values[trace.edgeWeightSlot[e]];
        }
        return w;
    }

    /**
     * The reward replay at the last θ; it reads this evaluator's values, so it changes with the next
     * {@link #evaluate(double[])}.
     *
     * @return the replay
     */
    public RewardReplay replay() {
        requireEvaluated();
        return replay;
    }

    /**
     * @return the moments at the last θ (a view on this evaluator, valid until the next evaluation)
     */
    public Moments moments() {
        return Moments.of(replay(), trace.discrete);
    }

    private final class Replay implements RewardReplay {
        @Override
        public int vertexCount() {
            return trace.vertexCount;
        }

        @Override
        public void replay(double[] x) {
            forward(x, null);
        }

        @Override
        public void replayTransposed(double[] y) {
            final int[] target = tables.rowTarget;
            final int[] scale = tables.rowScale;
            final int[] end = tables.rowEnd;
            final int[] source = tables.entrySource;
            final int[] slot = tables.entrySlot;
            for (int r = target.length - 1; r >= 0; r--) {
                double bar = y[target[r]];
                for (int e = end[r] - 1, start = r == 0 ? 0 : end[r - 1]; e >= start; e--) {
                    y[source[e]] += values[slot[e]] * bar;
                }
                if (scale[r] >= 0) {
                    y[target[r]] = bar * values[scale[r]];
                }
            }
        }
    }

    /**
     * Replays the rows on x. If {@code record} is given, {@code record[e]} receives the source value entry e
     * meets and {@code record[entries + r]} the target value row r scales.
     */
    private void forward(double[] x, double[] record) {
        final int[] target = tables.rowTarget;
        final int[] scale = tables.rowScale;
        final int[] end = tables.rowEnd;
        final int[] source = tables.entrySource;
        final int[] slot = tables.entrySlot;
        final int entries = source.length;
        int e = 0;
        for (int r = 0; r < target.length; r++) {
            int t = target[r];
            double acc = x[t];
            if (scale[r] >= 0) {
                if (record != null) {
                    record[entries + r] = acc;
                }
                acc *= values[scale[r]];
            }
            int stop = end[r];
            if (record == null) {
                for (; e < stop; e++) {
                    acc += values[slot[e]] * x[source[e]];
                }
            } else {
                for (; e < stop; e++) {
                    double xs = x[source[e]];
                    record[e] = xs;
                    acc += values[slot[e]] * xs;
                }
            }
            x[t] = acc;
        }
    }

    /** Runs the replay backwards: xbar becomes the adjoint of the replay's input; multiplier adjoints accumulate. */
    private void backward(double[] xbar, double[] record) {
        final int[] target = tables.rowTarget;
        final int[] scale = tables.rowScale;
        final int[] end = tables.rowEnd;
        final int[] source = tables.entrySource;
        final int[] slot = tables.entrySlot;
        final int entries = source.length;
        for (int r = target.length - 1; r >= 0; r--) {
            int t = target[r];
            double bar = xbar[t];
            if (bar == 0) {
                continue;
            }
            for (int e = end[r] - 1, start = r == 0 ? 0 : end[r - 1]; e >= start; e--) {
                slotAdjoint[slot[e]] += bar * record[e];
                xbar[source[e]] += values[slot[e]] * bar;
            }
            if (scale[r] >= 0) {
                slotAdjoint[scale[r]] += bar * record[entries + r];
                xbar[t] = bar * values[scale[r]];
            }
        }
    }

    /** Sweeps the tape backwards from the slot adjoints to ∂/∂θ, added into {@code gradient}. */
    private void tapeBackward(double[] gradient) {
        final byte[] op = trace.opcode;
        final int[] l = trace.left;
        final int[] r = trace.right;
        for (int s = op.length - 1; s >= trace.constantCount; s--) {
            double bar = slotAdjoint[s];
            if (bar == 0) {
                continue;
            }
            switch (op[s]) {
                case 2 -> {
                    slotAdjoint[l[s]] += bar;
                    slotAdjoint[r[s]] += bar;
                }
                case 3 -> {
                    slotAdjoint[l[s]] += bar * values[r[s]];
                    slotAdjoint[r[s]] += bar * values[l[s]];
                }
                case 4 -> slotAdjoint[l[s]] -= bar * values[s] * values[s];
                case 5 -> {
                    for (int i = l[s], end = l[s] + r[s]; i < end; i++) {
                        slotAdjoint[trace.sumOperands[i]] += bar;
                    }
                }
                case 1 -> {
                    for (int i = l[s], end = l[s] + r[s]; i < end; i++) {
                        gradient[trace.dotParameters[i]] += bar * trace.dotCoefficients[i];
                    }
                }
                default -> throw new IllegalStateException("corrupt trace: opcode " + op[s] + " at slot " + s);
            }
        }
    }

    /**
     * The gradient of Σ_v c_v·x_v, x = UΔ(r)1 the expected accumulated rewards at the last θ (with c = e_S this is
     * the gradient of E[Y]).
     *
     * @param rewards one reward per vertex, or {@code null} for all ones. Not modified.
     * @param weights c, one weight per vertex. Not modified.
     * @param gradient receives ∂/∂θ, length {@code parameterCount()}. Modified (overwritten).
     * @return the value Σ_v c_v·x_v
     */
    public double linearGradient(double[] rewards, double[] weights, double[] gradient) {
        requireEvaluated();
        int n = trace.vertexCount;
        checkLength(weights, n, "weights");
        checkLength(gradient, trace.parameterCount, "gradient");
        double[] x = rewardsOrOnes(rewards);
        double[] record = new double[tables.entrySource.length + tables.rowCount()];
        forward(x, record);
        double value = 0;
        for (int v = 0; v < n; v++) {
            value += weights[v] * x[v];
        }
        Arrays.fill(slotAdjoint, 0);
        Arrays.fill(gradient, 0);
        backward(weights.clone(), record);
        tapeBackward(gradient);
        return value;
    }

    /**
     * The gradient of the raw moment E[Y^k] at the last θ (continuous or discrete, as {@link Moments} defines
     * them).
     *
     * @param order    k, at least 1
     * @param rewards  one reward per vertex, or {@code null} for the absorption time. Not modified.
     * @param gradient receives ∂E[Y^k]/∂θ, length {@code parameterCount()}. Modified (overwritten).
     * @return E[Y^k]
     */
    public double momentGradient(int order, double[] rewards, double[] gradient) {
        requireEvaluated();
        if (order < 1) {
            throw new ParameterException("moment order must be at least 1, got " + order);
        }
        checkLength(gradient, trace.parameterCount, "gradient");
        int n = trace.vertexCount;
        double[] r = rewardsOrOnes(rewards);
        int commands = tables.entrySource.length + tables.rowCount();
        double[][] record = recordBuffers(order, commands);
        double[][] input = new double[order + 1][];
        double[][] output = new double[order + 1][];
        double[][] rPower = null;
        double lastAtStart;
        if (!trace.discrete) {
            double[] x = r.clone();
            for (int k = 1; k <= order; k++) {
                if (k > 1) {
                    for (int v = 0; v < n; v++) {
                        x[v] *= r[v];
                    }
                }
                forward(x, record[k]);
            }
            lastAtStart = x[0];
        } else {
            rPower = powers(r, order);
            for (int k = 1; k <= order; k++) {
                double[] rhs = rPower[k].clone();
                double binomial = 1;
                for (int j = 1; j < k; j++) {
                    binomial = binomial * (k - j + 1) / j;
                    for (int v = 0; v < n; v++) {
                        rhs[v] += binomial * rPower[k - j][v] * (output[j][v] - input[j][v]);
                    }
                }
                input[k] = rhs;
                output[k] = rhs.clone();
                forward(output[k], record[k]);
            }
            lastAtStart = output[order][0];
        }
        Arrays.fill(slotAdjoint, 0);
        Arrays.fill(gradient, 0);
        double value;
        if (!trace.discrete) {
            double factorial = 1;
            for (int k = 2; k <= order; k++) {
                factorial *= k;
            }
            double[] xbar = new double[n];
            xbar[0] = factorial;
            for (int k = order; k >= 1; k--) {
                backward(xbar, record[k]);
                if (k > 1) {
                    for (int v = 0; v < n; v++) {
                        xbar[v] *= r[v];
                    }
                }
            }
            value = factorial * lastAtStart;
        } else {
            double[][] outputBar = new double[order + 1][n];
            double[][] inputBar = new double[order + 1][n];
            outputBar[order][0] = 1;
            for (int k = order; k >= 1; k--) {
                double[] bar = outputBar[k].clone();
                backward(bar, record[k]);
                for (int v = 0; v < n; v++) {
                    inputBar[k][v] += bar[v];
                }
                double binomial = 1;
                for (int j = 1; j < k; j++) {
                    binomial = binomial * (k - j + 1) / j;
                    for (int v = 0; v < n; v++) {
                        double d = binomial * rPower[k - j][v] * inputBar[k][v];
                        outputBar[j][v] += d;
                        inputBar[j][v] -= d;
                    }
                }
            }
            value = lastAtStart;
        }
        tapeBackward(gradient);
        return value;
    }

    /**
     * The replay's recorded inputs for orders 1..order, reused between calls (every entry the backward sweep reads
     * is written by the forward sweep first); row 0 is unused.
     */
    private double[][] recordBuffers(int order, int commands) {
        if (recordBuffers == null || recordBuffers.length < order + 1) {
            double[][] grown = new double[order + 1][];
            if (recordBuffers != null) {
                System.arraycopy(recordBuffers, 0, grown, 0, recordBuffers.length);
            }
            recordBuffers = grown;
        }
        for (int k = 1; k <= order; k++) {
            if (recordBuffers[k] == null) {
                recordBuffers[k] = new double[commands];
            }
        }
        return recordBuffers;
    }

    private static double[][] powers(double[] r, int order) {
        double[][] p = new double[order + 1][r.length];
        Arrays.fill(p[0], 1.0);
        for (int k = 1; k <= order; k++) {
            for (int v = 0; v < r.length; v++) {
                p[k][v] = p[k - 1][v] * r[v];
            }
        }
        return p;
    }

    private double[] rewardsOrOnes(double[] rewards) {
        int n = trace.vertexCount;
        if (rewards == null) {
            double[] ones = new double[n];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        checkLength(rewards, n, "rewards");
        for (int v = 0; v < n; v++) {
            if (!Double.isFinite(rewards[v])) {
                throw new ParameterException("rewards[" + v + "] is " + rewards[v] + "; rewards must be finite");
            }
        }
        return rewards.clone();
    }

    private static void checkLength(double[] array, int length, String name) {
        if (array == null || array.length != length) {
            throw new ParameterException(name + " has length " + (array == null ? 0 : array.length)
                    + "; expected " + length);
        }
    }

    private void requireEvaluated() {
        if (!evaluated) {
            throw new IllegalStateException("call evaluate(theta) first");
        }
    }

    static void checkTheta(Trace trace, double[] theta) {
        if (theta == null || theta.length != trace.parameterCount) {
            throw new ParameterException("theta has length " + (theta == null ? 0 : theta.length)
                    + " but the trace has " + trace.parameterCount + " parameters");
        }
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) {
                throw new ParameterException("theta[" + k + "] is " + theta[k] + "; parameters must be finite");
            }
        }
    }

    /**
     * Checks evaluated values: edge weights non-negative, vertex rates positive, every computed value finite.
     * Constant weights and rates were checked when the graph was built; each distinct slot is checked once.
     * {@code values[slot * stride + offset]} is the value of a slot.
     */
    static void check(Trace trace, double[] theta, double[] values, int stride, int offset) {
        Trace.Tables tables = trace.tables();
        for (int i = 0; i < tables.checkedWeightSlots.length; i++) {
            double w = values[tables.checkedWeightSlots[i] * stride + offset];
            if (!(w >= 0) || !Double.isFinite(w)) {
                int e = tables.checkedWeightEdges[i];
                throw new ParameterException("theta = " + Arrays.toString(theta) + " makes the weight of edge "
                        + trace.edgeSource[e] + " -> " + trace.edgeTarget[e] + " equal to " + w
                        + "; every weight must be finite and non-negative");
            }
        }
        for (int i = 0; i < tables.checkedRateSlots.length; i++) {
            if (!(values[tables.checkedRateSlots[i] * stride + offset] > 0)) {
                throw new ParameterException("theta = " + Arrays.toString(theta) + " makes the total rate of vertex "
                        + tables.checkedRateVertices[i] + " zero; a non-absorbing vertex needs a positive rate");
            }
        }
        for (int s = trace.constantCount; s < trace.opcode.length; s++) {
            if (!Double.isFinite(values[s * stride + offset])) {
                throw new ParameterException("theta = " + Arrays.toString(theta) + " leaves vertex "
                        + closedVertex(trace, values, stride, offset) + " in a closed class (no path to "
                        + "absorption): an elimination multiplier is " + values[s * stride + offset]);
            }
        }
    }

    private static int closedVertex(Trace trace, double[] values, int stride, int offset) {
        for (int c = 0; c < trace.commandSlot.length; c++) {
            if (!Double.isFinite(values[trace.commandSlot[c] * stride + offset])) {
                return trace.commandTarget[c];
            }
        }
        return -1;
    }
}
