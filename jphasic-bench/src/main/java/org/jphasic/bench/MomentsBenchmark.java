package org.jphasic.bench;

import java.util.concurrent.TimeUnit;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Elimination;
import org.jphasic.moments.Moments;
import org.jphasic.moments.RewardProgram;
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
 * Graph construction, first moment (elimination included) and a further moment (one replay of the stored
 * program). Run: {@code java -jar jphasic-bench/target/jphasic-bench.jar MomentsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MomentsBenchmark {
    @Param({"rabbits-100", "rabbits-300", "rabbits-1000", "coalescent-30", "coalescent-40"})
    public String model;

    private Graph graph;
    private Moments moments;
    private double[] rewards;

    @Setup(Level.Trial)
    public void setUp() {
        graph = Models.constant(model);
        moments = Moments.of(Elimination.program(graph), graph.isDiscrete());
        rewards = moments.expectedWaitingTimes();
    }

    @Benchmark
    public Graph build() {
        return Models.constant(model);
    }

    @Benchmark
    public double firstMoment() {
        RewardProgram program = Elimination.program(graph);
        return Moments.of(program, false).expectation();
    }

    @Benchmark
    public double furtherMoment() {
        return moments.expectation(rewards);
    }
}
