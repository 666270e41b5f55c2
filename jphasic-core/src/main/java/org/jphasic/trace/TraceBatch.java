package org.jphasic.trace;

import java.util.Arrays;
import org.jphasic.ParameterException;

/**
 * Evaluates a {@link Trace} for a batch of parameter vectors at once, laid out batch-innermost ({@code [slot][j]})
 * so that every tape operation and every replay command is a loop over contiguous memory that the JIT can
 * vectorise. Each batch entry gets bit for bit what {@link TraceEvaluator} gives for that θ alone.
 *
 * <p>Not thread-safe (scratch arrays); the trace is shared.
 *
 * <pre>{@code
 * TraceBatch batch = new TraceBatch(trace, 64);
 * batch.evaluate(thetas);                    // thetas[j] is the j-th parameter vector
 * double[] means = batch.expectations(null);
 * }</pre>
 */
public final class TraceBatch {
    /** Batch entries replayed together. */
    private static final int TILE = 32;
    private final Trace trace;
    /** The trace's replay tables (the first evaluator of a trace builds them). */
    private final Trace.Tables tables;
    private final int capacity;
    private final double[][] values;
    private final double[][] thetaColumns;
    private int size;

    /**
     * @param trace    the trace
     * @param capacity the largest batch, at least 1
     */
    public TraceBatch(Trace trace, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be at least 1, got " + capacity);
        }
        this.trace = trace;
        this.tables = trace.tables();
        this.capacity = capacity;
        this.values = new double[trace.size()][capacity];
        this.thetaColumns = new double[trace.parameterCount][capacity];
    }

    /**
     * Evaluates the tape for every parameter vector of the batch and checks each (see {@link TraceEvaluator}).
     *
     * @param thetas the parameter vectors, at most {@code capacity} of them. Not modified.
     * @throws ParameterException naming the batch entry and the edge or vertex if some θ is invalid
     */
    public void evaluate(double[][] thetas) {
        if (thetas.length > capacity) {
            throw new ParameterException("batch of " + thetas.length + " exceeds the capacity " + capacity);
        }
        size = thetas.length;
        for (int j = 0; j < size; j++) {
            TraceEvaluator.checkTheta(trace, thetas[j]);
            for (int k = 0; k < trace.parameterCount; k++) {
                thetaColumns[k][j] = thetas[j][k];
            }
        }
        trace.evaluateBatch(trace.parameterCount == 0 ? new double[0][size] : trimmed(thetaColumns), values);
        double[] column = new double[trace.size()];
        for (int j = 0; j < size; j++) {
            for (int s = 0; s < column.length; s++) {
                column[s] = values[s][j];
            }
            try {
                TraceEvaluator.check(trace, thetas[j], column, 1, 0);
            } catch (ParameterException e) {
                throw new ParameterException("batch entry " + j + ": " + e.getMessage());
            }
        }
    }

    private double[][] trimmed(double[][] columns) {
        if (size == capacity) {
            return columns;
        }
        double[][] t = new double[columns.length][];
        for (int k = 0; k < columns.length; k++) {
            t[k] = Arrays.copyOf(columns[k], size);
        }
        return t;
    }

    /** @return the number of parameter vectors last evaluated */
    public int size() {
        return size;
    }

    /**
     * @param slot a tape slot
     * @param j    a batch entry
     * @return the slot's value for that entry
     */
    public double value(int slot, int j) {
        return values[slot][j];
    }

    /**
     * Expected accumulated rewards for the whole batch.
     *
     * @param rewards one reward per vertex, or {@code null} for all ones. Not modified.
     * @return {@code x[v][j]}: the expectation from vertex v for batch entry j
     */
    public double[][] expectedWaitingTimes(double[] rewards) {
        int n = trace.vertexCount;
        double[][] x = new double[n][size];
        for (int v = 0; v < n; v++) {
            Arrays.fill(x[v], rewards == null ? 1.0 : rewards[v]);
        }
        replay(x);
        return x;
    }

    /**
     * @param rewards one reward per vertex, or {@code null} for the absorption time. Not modified.
     * @return E[Y] for every batch entry
     */
    public double[] expectations(double[] rewards) {
        if (rewards != null && rewards.length != trace.vertexCount) {
            throw new ParameterException("rewards has length " + rewards.length + "; expected "
                    + trace.vertexCount);
        }
        return expectedWaitingTimes(rewards)[0].clone();
    }

    /**
     * The replay in tiles of {@link #TILE} batch entries: a tile touches a few cache lines of every vertex row,
     * so a wide batch over a large graph stays in cache instead of streaming every row once per command.
     */
    private void replay(double[][] x) {
        final int[] target = tables.rowTarget;
        final int[] scale = tables.rowScale;
        final int[] end = tables.rowEnd;
        final int[] source = tables.entrySource;
        final int[] slot = tables.entrySlot;
        for (int from = 0; from < size; from += TILE) {
            final int to = Math.min(size, from + TILE);
            int e = 0;
            for (int r = 0; r < target.length; r++) {
                double[] t = x[target[r]];
                if (scale[r] >= 0) {
                    double[] m = values[scale[r]];
                    for (int j = from; j < to; j++) {
                        t[j] *= m[j];
                    }
                }
                for (int stop = end[r]; e < stop; e++) {
                    double[] m = values[slot[e]];
                    double[] src = x[source[e]];
                    for (int j = from; j < to; j++) {
                        t[j] += m[j] * src[j];
                    }
                }
            }
        }
    }
}
