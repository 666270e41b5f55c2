package org.jphasic.moments;

import java.util.Arrays;

/**
 * The elimination arithmetic on plain doubles: handles index a value array that is reclaimed after every
 * component, and every emitted command takes its multiplier's value at once.
 */
final class NumericArithmetic implements EliminationArithmetic {
    private final double[] edgeWeights;
    private final int vertexCount;
    private double[] values = new double[256];
    private int size = 1; // values[0] is the constant 0

    private int[] targets;
    private int[] sources;
    private double[] factors;
    private int count;

    NumericArithmetic(double[] edgeWeights, int vertexCount) {
        this.edgeWeights = edgeWeights;
        this.vertexCount = vertexCount;
        int capacity = Math.max(16, edgeWeights.length + 2 * vertexCount);
        targets = new int[capacity];
        sources = new int[capacity];
        factors = new double[capacity];
    }

    RewardProgram program() {
        return new RewardProgram(vertexCount, Arrays.copyOf(targets, count), Arrays.copyOf(sources, count),
                Arrays.copyOf(factors, count));
    }

    private int push(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = value;
        return size++;
    }

    @Override
    public int zero() {
        return 0;
    }

    @Override
    public int weight(int edge) {
        return push(edgeWeights[edge]);
    }

    @Override
    public int add(int a, int b) {
        return push(values[a] + values[b]);
    }

    @Override
    public int multiply(int a, int b) {
        return push(values[a] * values[b]);
    }

    @Override
    public int reciprocal(int a) {
        return push(1.0 / values[a]);
    }

    @Override
    public int sum(int[] handles, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[handles[i]];
        }
        return push(s);
    }

    @Override
    public void scale(int vertex, int factor) {
        emit(vertex, -1, values[factor]);
    }

    @Override
    public void accumulate(int target, int source, int factor) {
        emit(target, source, values[factor]);
    }

    private void emit(int target, int source, double factor) {
        if (count == targets.length) {
            int capacity = count + (count >> 1) + 16;
            targets = Arrays.copyOf(targets, capacity);
            sources = Arrays.copyOf(sources, capacity);
            factors = Arrays.copyOf(factors, capacity);
        }
        targets[count] = target;
        sources[count] = source;
        factors[count] = factor;
        count++;
    }

    @Override
    public int mark() {
        return size;
    }

    @Override
    public void release(int mark) {
        size = mark;
    }
}
