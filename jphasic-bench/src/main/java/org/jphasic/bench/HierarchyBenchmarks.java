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
                + " hierarchical / direct | cold with cache / direct |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        row("rabbits-300 (θ: 3)", Rabbits.parameterized(300), 50);
        row("IM 5+5 two-population (θ: 4)", IsolationWithMigration.paper(5, 5).twoPopulationParameterized(), 50);
        System.out.println();
    }

    /**
     * Interleaved rounds — direct, hierarchical sequential, hierarchical threads, cold disk cache, warm disk cache —
     * after warm-up rounds, so that drift on a shared machine hits every column alike; each column is the median
     * over the rounds and each ratio the median of the per-round ratios.
     */
    private static void row(String name, Graph g, int minSize) {
        // 45 rounds, about half a minute per model: with 15, the same code's medians moved between runs by as much
        // as the minute moved the machine (threads 1.34–2.15× for rabbits-300 over thirteen runs)
        int warmup = 8;
        int rounds = 45;
        double[][] t = new double[5][rounds];
        double[][] ratio = new double[4][rounds];
        int units = 0;
        for (int i = -warmup; i < rounds; i++) {
            long t0 = System.nanoTime();
            TraceRecorder.record(g);
            long t1 = System.nanoTime();
            HierarchicalRecorder.builder().minComponentSize(minSize).strategy(Strategy.SEQUENTIAL).build().record(g);
            long t2 = System.nanoTime();
            HierarchicalRecorder.builder().minComponentSize(minSize).strategy(Strategy.THREADS).build().record(g);
            long t3 = System.nanoTime();
            Path dir = temporaryDirectory();
            RecordingResult first = HierarchicalRecorder.builder().minComponentSize(minSize)
                    .strategy(Strategy.THREADS).store(DiskTraceStore.open(dir)).build().record(g);
            long t4 = System.nanoTime();
            RecordingResult second = HierarchicalRecorder.builder().minComponentSize(minSize)
                    .strategy(Strategy.THREADS).store(DiskTraceStore.open(dir)).build().record(g);
            long t5 = System.nanoTime();
            if (second.cacheHits() != 1) {
                throw new IllegalStateException("the warm run was not a cache hit");
            }
            units = first.units();
            DiskTraceStore.open(dir).clear();
            if (i < 0) {
                continue;
            }
            long[] marks = {t0, t1, t2, t3, t4, t5};
            for (int c = 0; c < 5; c++) {
                t[c][i] = (marks[c + 1] - marks[c]) / 1e9;
            }
            ratio[0][i] = t[1][i] / t[2][i];   // threads speed-up
            ratio[1][i] = t[3][i] / t[4][i];   // warm speed-up
            ratio[2][i] = t[1][i] / t[0][i];   // hierarchical sequential / direct
            ratio[3][i] = t[3][i] / t[0][i];   // cold with disk cache / direct
        }
        double[] m = new double[5];
        for (int c = 0; c < 5; c++) {
            m[c] = Driver.middle(t[c]);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %d | %.3f | %.3f | %.3f | %.2f× | %.3f | %.4f | %.1f× |"
                + " %.2f | %.2f |%n", name, g.vertexCount(), g.components().count(), units, m[0], m[1], m[2],
                Driver.middle(ratio[0]), m[3], m[4], Driver.middle(ratio[1]), Driver.middle(ratio[2]), Driver.middle(ratio[3]));
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
