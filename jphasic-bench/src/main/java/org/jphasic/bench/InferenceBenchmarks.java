package org.jphasic.bench;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jphasic.dist.Sampler;
import org.jphasic.graph.Graph;
import org.jphasic.infer.Inference;
import org.jphasic.infer.InferenceResult;
import org.jphasic.infer.PhaseTypeLikelihood;
import org.jphasic.infer.Priors;
import org.jphasic.infer.StepSchedule;
import org.jphasic.model.Coalescent;

/** Likelihood with gradient per particle, and a full SVGD run (issue 9). */
final class InferenceBenchmarks {
    private InferenceBenchmarks() {
    }

    static void print() {
        System.out.println("| likelihood + gradient | states | observations | particles | threads | per particle (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        Graph n10 = Coalescent.blockCountingParameterized(10);
        double[] data = Sampler.of(n10.at(new double[] {1})).sample(1000, 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // largest batch first: its loops compile for long batches
            likelihoodRow(n10, data, 64, null);
            likelihoodRow(n10, data, 64, pool);
            likelihoodRow(n10, data, 20, null);
            likelihoodRow(n10, data, 1, null);
        } finally {
            pool.shutdownNow();
        }
        System.out.println();
        svgd();
    }

    /** One batch of likelihoods with gradients, on the calling thread or split over a pool of two threads. */
    private static void likelihoodRow(Graph n10, double[] data, int particles, ExecutorService pool) {
        double[][] thetas = new double[particles][1];
        for (int j = 0; j < particles; j++) {
            thetas[j][0] = 0.8 + 0.4 * j / Math.max(1, particles - 1);
        }
        PhaseTypeLikelihood lik = PhaseTypeLikelihood.of(n10, data).executor(pool, 2);
        double[] values = new double[particles];
        double[][] gradients = new double[particles][1];
        // the kernels reach their compiled steady state only after a few seconds of calls
        long warmEnd = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            lik.evaluate(thetas, values, gradients);
        }
        double t = Driver.median(0, 15, 5, () -> {
            lik.evaluate(thetas, values, gradients);
            return values[0];
        });
        System.out.printf(Locale.ROOT, "| block-counting coalescent n=10, one rate | %d | %,d | %d | %d | %.3f |%n",
                n10.vertexCount() - 2, data.length, particles, pool == null ? 1 : 2, t / particles * 1e3);
    }

    /** A whole SVGD run on 1 and on 2 threads. */
    private static void svgd() {
        Graph n4 = Coalescent.blockCountingParameterized(4);
        double[] times = Sampler.of(n4.at(new double[] {1})).sample(10_000, 2);
        for (int threads : new int[] {1, 2}) {
            double seconds = Driver.median(1, 3, 1, () -> {
                InferenceResult r = Inference.builder(n4, times).prior(Priors.gamma(2, 1)).particles(20)
                        .iterations(200).seed(1).threads(threads).stepSchedule(StepSchedule.geometric(0.05, 0.005))
                        .build().run();
                return r.mean()[0];
            });
            System.out.printf(Locale.ROOT, "SVGD, Kingman n=4 (one rate), 10,000 observations, 20 particles, 200 "
                    + "iterations, %d thread(s): %.2f s%n", threads, seconds);
        }
        System.out.println();
    }
}
