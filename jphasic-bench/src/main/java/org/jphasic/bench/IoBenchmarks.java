package org.jphasic.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jphasic.graph.Graph;
import org.jphasic.io.GraphJson;
import org.jphasic.io.TraceFile;
import org.jphasic.model.Rabbits;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceRecorder;

/** Graph JSON read and write throughput, trace file size and load time (issue 5). */
final class IoBenchmarks {
    private IoBenchmarks() {
    }

    static void print() {
        System.out.println("| graph | edges | file (MB) | write (s) | read (s) | read (edges/s) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        graph("rabbits n=224", Rabbits.graph(224, 2, 4));
        graph("rabbits n=707", Rabbits.graph(707, 2, 4));
        graph("rabbits n=224, parameterized", Rabbits.parameterized(224));
        System.out.println();
        System.out.println("| trace | operations | commands | file raw (bytes/op) | file deflated (bytes/op) |"
                + " load raw (ms) | load deflated (ms) | cache entry from disk (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        trace("rabbits n=100 (θ: 3)", Rabbits.parameterized(100));
        trace("rabbits n=300 (θ: 3)", Rabbits.parameterized(300));
        System.out.println();
    }

    private static void graph(String name, Graph g) {
        try {
            Path file = Files.createTempFile("jphasic-bench", ".json");
            file.toFile().deleteOnExit();
            double write = Driver.median(1, 5, 1, () -> {
                GraphJson.write(g, file);
                return 0;
            });
            double read = Driver.median(1, 5, 1, () -> GraphJson.read(file).edgeCount());
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.3f | %.3f | %.2e |%n", name, g.edgeCount(),
                    Files.size(file) / 1e6, write, read, g.edgeCount() / read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void trace(String name, Graph g) {
        Trace t = TraceRecorder.record(g);
        byte[] raw = TraceFile.toBytes(t, "k", false);
        byte[] deflated = TraceFile.toBytes(t, "k", true);
        double loadRaw = Driver.median(2, 7, 1, () -> TraceFile.fromBytes(raw).trace().size());
        double loadDeflated = Driver.median(2, 7, 1, () -> TraceFile.fromBytes(deflated).trace().size());
        // a cache entry (CRC32C) as the disk cache reads it: from the file, decoded as it is read
        double entry;
        try {
            Path file = Files.createTempFile("jphasic-bench", ".trace");
            file.toFile().deleteOnExit();
            Files.write(file, TraceFile.toBytes(t, "k", 0, false, TraceFile.Checksum.CRC32C));
            entry = Driver.median(2, 7, 1, () -> {
                try {
                    return TraceFile.read(file).trace().size();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", name, t.size(),
                t.commandCount(), (double) raw.length / t.size(), (double) deflated.length / t.size(), loadRaw * 1e3,
                loadDeflated * 1e3, entry * 1e3);
    }
}
