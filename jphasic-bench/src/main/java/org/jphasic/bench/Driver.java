package org.jphasic.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Elimination;
import org.jphasic.moments.Moments;
import org.jphasic.moments.RewardProgram;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceBatch;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;

/**
 * Prints the benchmark tables of docs/BENCHMARKS.md: medians of repeated in-process runs after warm-up, and
 * ratios measured in the same run. For microsecond-level detail use the JMH benchmarks in this module.
 *
 * <pre>
 * java -Xmx3g --add-modules jdk.incubator.vector -cp jphasic-bench/target/jphasic-bench.jar org.jphasic.bench.Driver \
 *     moments trace dist io hierarchy infer
 * </pre>
 */
public final class Driver {
    private static volatile double sink;

    private Driver() {
    }

    public static void main(String[] args) {
        List<String> sections = args.length == 0 ? List.of("moments", "trace") : Arrays.asList(args);
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB, likelihood kernels: %s%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                vector ? "vector" : "scalar (add --add-modules jdk.incubator.vector for the vector kernels)");
        if (sections.contains("moments")) {
            moments();
        }
        if (sections.contains("trace")) {
            trace();
        }
        if (sections.contains("dist")) {
            DistributionBenchmarks.print();
        }
        if (sections.contains("io")) {
            IoBenchmarks.print();
        }
        if (sections.contains("hierarchy")) {
            HierarchyBenchmarks.print();
        }
        if (sections.contains("infer")) {
            InferenceBenchmarks.print();
        }
    }

    /** Median seconds of {@code samples} timed runs of {@code reps} calls each, after {@code warmup} runs. */
    static double median(int warmup, int samples, int reps, DoubleSupplier work) {
        for (int i = 0; i < warmup; i++) {
            for (int r = 0; r < reps; r++) {
                sink += work.getAsDouble();
            }
        }
        double[] t = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                sink += work.getAsDouble();
            }
            t[i] = (System.nanoTime() - start) / 1e9 / reps;
        }
        return middle(t);
    }

    /**
     * Runs the tasks in interleaved rounds (each task {@code reps[i]} times per round), after warm-up rounds.
     *
     * @return seconds per call, [task][round]
     */
    static double[][] interleaved(int warmup, int rounds, int[] reps, DoubleSupplier... tasks) {
        double[][] t = new double[tasks.length][rounds];
        for (int r = -warmup; r < rounds; r++) {
            for (int i = 0; i < tasks.length; i++) {
                long start = System.nanoTime();
                for (int k = 0; k < reps[i]; k++) {
                    sink += tasks[i].getAsDouble();
                }
                if (r >= 0) {
                    t[i][r] = (System.nanoTime() - start) / 1e9 / reps[i];
                }
            }
        }
        return t;
    }

    /** @return the median of the values (not modified) */
    static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** @return a[i] / b[i] */
    static double[] ratios(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static void moments() {
        System.out.println("| model | vertices | edges | commands | build (s) | first moment (s) | further moment (ms)"
                + " | peak heap (MB) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String model : new String[] {"rabbits-100", "rabbits-300", "rabbits-1000", "coalescent-30",
            "coalescent-40"}) {
            resetPeaks();
            Graph g = Models.constant(model);
            boolean big = g.vertexCount() > 100_000;
            double build = median(big ? 1 : 2, big ? 5 : 7, 1, () -> Models.constant(model).vertexCount());
            RewardProgram program = Elimination.program(g);
            double first = median(big ? 1 : 2, big ? 5 : 7, 1,
                    () -> Moments.of(Elimination.program(g), false).expectation());
            Moments m = Moments.of(program, false);
            double[] r = m.expectedWaitingTimes();
            double further = median(3, 9, 5, () -> m.expectation(r));
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.3f | %.3f | %.2f | %d |%n", model,
                    g.vertexCount(), g.edgeCount(), program.commandCount(), build, first, further * 1e3,
                    peakHeapMegabytes());
        }
        System.out.println();
    }

    private static void trace() {
        System.out.println("| model | vertices | tape ops | commands | record (ms) | eval tape (µs) | moment from"
                + " trace (µs) | batch 64 (µs/θ) | batch 1024 (µs/θ) | re-eliminate graph.at(θ) (µs) | speed-up |"
                + " moment + gradient (µs) | gradient / moment |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String model : new String[] {"coalescent-20", "coalescent-30", "rabbits-50", "rabbits-100"}) {
            Graph g = Models.parameterized(model);
            double[] theta = Models.theta(model);
            // ten recordings of warm-up: after two, the recorder's code was sometimes still being compiled, and
            // the cell moved between 4 and 15 ms for rabbits-100 from run to run
            double record = median(10, 7, 1, () -> TraceRecorder.record(g).size());
            Trace trace = TraceRecorder.record(g);
            double[] values = trace.newValues();
            int reps = Math.max(1, 2_000_000 / Math.max(1, trace.size() + trace.commandCount()));
            double tape = median(3, 9, reps, () -> {
                trace.evaluate(theta, values);
                return values[values.length - 1];
            });
            TraceEvaluator ev = new TraceEvaluator(trace);
            double batch64 = batch(trace, theta, 64, reps) / 64;
            double batch1024 = batch(trace, theta, 1024, Math.max(1, reps / 16)) / 1024;
            double[] gradient = new double[theta.length];
            // the three compared columns run interleaved, round by round, so drift on a shared machine hits them
            // alike; the ratios are medians of the per-round ratios
            // ten rounds of warm-up, as for the recording. (Re-eliminating rabbits-50 takes about 0.3 ms in some runs
            // and 2.5–3 ms in others, after five warm-up rounds or ten alike; its speed-up moves with it.)
            double[][] t = interleaved(10, 15, new int[] {reps, Math.max(1, reps / 10), reps},
                    () -> {
                        ev.evaluate(theta);
                        return ev.moments().expectation();
                    },
                    () -> Moments.of(g.at(theta)).expectation(),
                    () -> {
                        ev.evaluate(theta);
                        return ev.momentGradient(1, null, gradient);
                    });
            double moment = middle(t[0]);
            double direct = middle(t[1]);
            double withGradient = middle(t[2]);
            double speedUp = middle(ratios(t[1], t[0]));
            double gradientRatio = middle(ratios(t[2], t[0]));
            System.out.printf(Locale.ROOT,
                    "| %s | %,d | %,d | %,d | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f× | %.1f | %.2f× |%n",
                    model, g.vertexCount(), trace.size(), trace.commandCount(), record * 1e3, tape * 1e6,
                    moment * 1e6, batch64 * 1e6, batch1024 * 1e6, direct * 1e6, speedUp,
                    withGradient * 1e6, gradientRatio);
        }
        System.out.println();
    }

    private static double batch(Trace trace, double[] theta, int size, int reps) {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] thetas = new double[size][];
        for (int j = 0; j < size; j++) {
            thetas[j] = theta.clone();
            for (int k = 0; k < theta.length; k++) {
                thetas[j][k] *= 0.5 + rng.nextDouble();
            }
        }
        TraceBatch batch = new TraceBatch(trace, size);
        // at least 2·10⁵ θ-evaluations of warm-up, so the batch loops are compiled before timing
        int calls = Math.max(1, reps / size * 4);
        int warmup = Math.max(3, 200_000 / (size * calls) / Math.max(1, trace.commandCount() / 1000));
        return median(warmup, 9, calls, () -> {
            batch.evaluate(thetas);
            return batch.expectations(null)[0];
        });
    }
}
