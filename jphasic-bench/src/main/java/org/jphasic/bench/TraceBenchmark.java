package org.jphasic.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceBatch;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trace recording, evaluation per θ (alone and in batches), moments from the trace against re-eliminating
 * {@code graph.at(θ)}, and the gradient. Run: {@code java -jar jphasic-bench/target/jphasic-bench.jar
 * TraceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceBenchmark {
    @Param({"coalescent-20", "coalescent-30", "rabbits-50", "rabbits-100"})
    public String model;

    private Graph graph;
    private Trace trace;
    private TraceEvaluator evaluator;
    private double[] theta;
    private double[] values;
    private double[] gradient;
    private double[][] batch64;
    private double[][] batch1024;
    private TraceBatch evaluator64;
    private TraceBatch evaluator1024;

    @Setup(Level.Trial)
    public void setUp() {
        graph = Models.parameterized(model);
        trace = TraceRecorder.record(graph);
        evaluator = new TraceEvaluator(trace);
        theta = Models.theta(model);
        values = trace.newValues();
        gradient = new double[theta.length];
        batch64 = thetas(64);
        batch1024 = thetas(1024);
        evaluator64 = new TraceBatch(trace, 64);
        evaluator1024 = new TraceBatch(trace, 1024);
    }

    private double[][] thetas(int count) {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] t = new double[count][];
        for (int j = 0; j < count; j++) {
            t[j] = theta.clone();
            for (int k = 0; k < t[j].length; k++) {
                t[j][k] *= 0.5 + rng.nextDouble();
            }
        }
        return t;
    }

    @Benchmark
    public Trace record() {
        return TraceRecorder.record(graph);
    }

    @Benchmark
    public double[] evaluateTape() {
        trace.evaluate(theta, values);
        return values;
    }

    @Benchmark
    public double traceExpectation() {
        evaluator.evaluate(theta);
        return evaluator.moments().expectation();
    }

    @Benchmark
    public double traceExpectationBatch64() {
        evaluator64.evaluate(batch64);
        return evaluator64.expectations(null)[0];
    }

    @Benchmark
    public double traceExpectationBatch1024() {
        evaluator1024.evaluate(batch1024);
        return evaluator1024.expectations(null)[0];
    }

    @Benchmark
    public double directExpectation() {
        return Moments.of(graph.at(theta)).expectation();
    }

    @Benchmark
    public double traceExpectationAndGradient() {
        evaluator.evaluate(theta);
        return evaluator.momentGradient(1, null, gradient);
    }
}
