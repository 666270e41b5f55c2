package org.jphasic.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.model.IsolationWithMigration;
import org.jphasic.model.Rabbits;
import org.jphasic.trace.TraceRecorder;

/**
 * Hierarchical recording (issue 6): direct recording against per-component recording, sequential against
 * threads, and a cold cache against a warm one (a fresh store on the same directory, so the warm run reads from
 * disk as a new process would).
 */
final class HierarchyBenchmarks {
    private HierarchyBenchmarks() {
    }

    static void print() {
        System.out.println("| model | vertices | components | units | direct (s) | hierarchical sequential (s) |"
                + " hierarchical threads (s) | threads speed-up | cold, disk cache (s) | warm (s) | warm speed-up |"
                + " hierarchical / direct |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        row("rabbits-300 (θ: 3)", Rabbits.parameterized(300), 50);
        row("IM 5+5 two-population (θ: 4)", IsolationWithMigration.paper(5, 5).twoPopulationParameterized(), 50);
        System.out.println();
    }

    private static void row(String name, Graph g, int minSize) {
        // enough warm-up runs for the JIT to compile the recording, stitching and cache code paths
        double direct = Driver.median(5, 7, 1, () -> TraceRecorder.record(g).size());
        double sequential = Driver.median(5, 7, 1, () -> HierarchicalRecorder.builder().minComponentSize(minSize)
                .strategy(Strategy.SEQUENTIAL).build().record(g).trace().size());
        double threads = Driver.median(5, 7, 1, () -> HierarchicalRecorder.builder().minComponentSize(minSize)
                .strategy(Strategy.THREADS).build().record(g).trace().size());
        int runs = 9;
        double[] cold = new double[runs];
        double[] warm = new double[runs];
        int units = 0;
        for (int i = -3; i < runs; i++) { // three warm-up rounds
            Path dir = temporaryDirectory();
            long t0 = System.nanoTime();
            RecordingResult first = HierarchicalRecorder.builder().minComponentSize(minSize)
                    .strategy(Strategy.THREADS).store(DiskTraceStore.open(dir)).build().record(g);
            long t1 = System.nanoTime();
            RecordingResult second = HierarchicalRecorder.builder().minComponentSize(minSize)
                    .strategy(Strategy.THREADS).store(DiskTraceStore.open(dir)).build().record(g);
            long t2 = System.nanoTime();
            if (second.cacheHits() != 1) {
                throw new IllegalStateException("the warm run was not a cache hit");
            }
            units = first.units();
            DiskTraceStore.open(dir).clear();
            if (i < 0) {
                continue;
            }
            cold[i] = (t1 - t0) / 1e9;
            warm[i] = (t2 - t1) / 1e9;
        }
        java.util.Arrays.sort(cold);
        java.util.Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %d | %.3f | %.3f | %.3f | %.2f× | %.3f | %.4f | %.0f× |"
                + " %.2f |%n", name, g.vertexCount(), g.components().count(), units, direct, sequential, threads,
                sequential / threads, cold[runs / 2], warm[runs / 2], cold[runs / 2] / warm[runs / 2], sequential / direct);
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("jphasic-bench-cache");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
