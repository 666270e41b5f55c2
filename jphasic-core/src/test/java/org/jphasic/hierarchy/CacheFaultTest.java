package org.jphasic.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jphasic.CacheException;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.cache.TraceKind;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.io.TraceFile;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.LogCapture;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.trace.TraceEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged cache entries — truncated, a flipped byte, a wrong format version, a directory in place of the file —
 * are reported (a warning), removed and recomputed: the result is still right and the cache verifies clean
 * afterwards. An unusable cache directory is a clear error; a failed write is a warning.
 */
class CacheFaultTest {
    private static final double[] THETA = {0.8, 1.7};

    private static Graph graph() {
        return RandomGraphs.random(17, Options.parameterized(40, 2)).build();
    }

    private static HierarchicalRecorder recorder(DiskTraceStore store) {
        return HierarchicalRecorder.builder().minComponentSize(1).strategy(Strategy.SEQUENTIAL).store(store).build();
    }

    private static void assertCorrect(RecordingResult r, Graph g) {
        TraceEvaluator ev = new TraceEvaluator(r.trace());
        ev.evaluate(THETA);
        assertRelativelyClose(ev.moments().moments(3), new DenseOracle(g.at(THETA)).moments(3, null), 1e-9, "moments");
    }

    private static List<Path> entries(Path root, TraceKind kind) throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("v1").resolve(kind.directory()))) {
            return s.filter(p -> p.toString().endsWith(".trace")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void damagedEntriesAreReportedRemovedAndRecomputed(@TempDir Path dir) throws IOException {
        Graph g = graph();
        RecordingResult first = recorder(DiskTraceStore.open(dir)).record(g);
        assertThat(first.units()).isGreaterThanOrEqualTo(4);
        List<Path> units = entries(dir, TraceKind.UNIT);
        assertThat(units).hasSizeGreaterThanOrEqualTo(4);

        byte[] bytes = Files.readAllBytes(units.get(0));
        Files.write(units.get(0), java.util.Arrays.copyOf(bytes, bytes.length / 2));          // truncated
        byte[] flipped = Files.readAllBytes(units.get(1));
        flipped[flipped.length - 7] ^= 0x04;                                                    // bit flip
        Files.write(units.get(1), flipped);
        byte[] version = Files.readAllBytes(units.get(2));
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);                   // wrong version
        Files.write(units.get(2), version);
        Files.delete(units.get(3));
        Files.createDirectory(units.get(3));                                                    // a directory
        Files.writeString(units.get(3).resolve("junk"), "x");
        Path graphEntry = entries(dir, TraceKind.GRAPH).get(0);
        Files.write(graphEntry, new byte[] {1, 2, 3});                                          // graph level too

        DiskTraceStore store = DiskTraceStore.open(dir);
        try (LogCapture log = LogCapture.of(DiskTraceStore.class)) {
            RecordingResult again = recorder(store).record(g);
            assertCorrect(again, g);
            assertThat(store.statistics().corrupt()).isEqualTo(5);
            assertThat(again.cacheMisses()).isEqualTo(4);
            assertThat(log.warnings()).hasSize(5).allMatch(w -> w.contains("unreadable") && w.contains("removed"));
        }
        DiskTraceStore.Summary summary = DiskTraceStore.open(dir).verify();
        assertThat(summary.corrupt()).isEmpty();
        assertThat(summary.unitEntries()).isEqualTo(units.size());
    }

    /** Entries are written with CRC32C (version 2); an entry an earlier jphasic wrote with SHA-256 still serves. */
    @Test
    void entriesAreCrc32cAndSha256EntriesStillServe(@TempDir Path dir) throws IOException {
        Graph g = graph();
        RecordingResult first = recorder(DiskTraceStore.open(dir)).record(g);
        Path graphEntry = entries(dir, TraceKind.GRAPH).get(0);
        byte[] written = Files.readAllBytes(graphEntry);
        assertThat(ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN).getInt(8)).isEqualTo(2);
        TraceFile.Contents contents = TraceFile.fromBytes(written);
        Files.write(graphEntry, TraceFile.toBytes(contents.trace(), contents.key(), contents.recordingNanos(), false));
        DiskTraceStore store = DiskTraceStore.open(dir);
        RecordingResult again = recorder(store).record(g);
        assertThat(again.cacheHits()).isEqualTo(1);
        assertThat(store.statistics().corrupt()).isZero();
        assertThat(again.trace()).isEqualTo(first.trace());
        assertCorrect(again, g);
        assertThat(DiskTraceStore.open(dir).verify().corrupt()).isEmpty();
    }

    @Test
    void verifyReportsDamageWithoutChangingAnything(@TempDir Path dir) throws IOException {
        recorder(DiskTraceStore.open(dir)).record(graph());
        Path victim = entries(dir, TraceKind.UNIT).get(0);
        byte[] b = Files.readAllBytes(victim);
        b[b.length / 2] ^= 1;
        Files.write(victim, b);
        DiskTraceStore.Summary s = DiskTraceStore.open(dir).verify();
        assertThat(s.corrupt()).containsExactly(victim);
        assertThat(Files.exists(victim)).isTrue();
        assertThat(DiskTraceStore.open(dir).clear()).isEqualTo(s.entries());
        assertThat(DiskTraceStore.open(dir).info().entries()).isZero();
    }

    @Test
    void cacheDirectoryThatIsAFileIsAClearError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cache");
        Files.writeString(file, "not a directory");
        assertThatThrownBy(() -> DiskTraceStore.open(file)).isInstanceOf(CacheException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("--no-cache");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void unwritableCacheDirectoryIsAClearError() {
        // /proc refuses new directories even to root, unlike permission bits
        Path readOnly = Path.of("/proc/jphasic-cache-test");
        assertThatThrownBy(() -> DiskTraceStore.open(readOnly)).isInstanceOf(CacheException.class)
                .hasMessageContaining("cannot be created or written").hasMessageContaining("--cache-dir");
    }

    @Test
    void aProbeFileThatIsADirectoryIsAClearError(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("v1").resolve(".writable"));
        assertThatThrownBy(() -> DiskTraceStore.open(dir)).isInstanceOf(CacheException.class)
                .hasMessageContaining("cannot be created or written").hasMessageContaining(".writable")
                .hasMessageContaining("--no-cache");
    }

    @Test
    void openingAnExistingCacheDoesNotChangeItsDirectory(@TempDir Path dir) throws IOException,
            InterruptedException {
        Graph g = graph();
        recorder(DiskTraceStore.open(dir)).record(g);
        Path base = dir.resolve("v1");
        FileTime modified = Files.getLastModifiedTime(base);
        List<Path> listing;
        try (Stream<Path> s = Files.list(base)) {
            listing = s.sorted().collect(Collectors.toList());
        }
        // longer than the file system's clock tick, so that a file created and deleted would show in the time
        Thread.sleep(50);
        DiskTraceStore store = DiskTraceStore.open(dir);
        assertThat(Files.getLastModifiedTime(base)).isEqualTo(modified);
        try (Stream<Path> s = Files.list(base)) {
            assertThat(s.sorted().collect(Collectors.toList())).isEqualTo(listing);
        }
        RecordingResult warm = recorder(store).record(g);
        assertThat(warm.cacheHits()).isEqualTo(1);
        assertCorrect(warm, g);
        assertThat(store.verify().corrupt()).isEmpty();
        assertThat(store.info().graphEntries()).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsAWarningAndTheResultStaysRight(@TempDir Path dir) throws IOException {
        Graph g = graph();
        DiskTraceStore store = DiskTraceStore.open(dir);
        // block every unit shard: a file where the kind's directory belongs
        Files.writeString(dir.resolve("v1").resolve("unit"), "in the way");
        try (LogCapture log = LogCapture.of(DiskTraceStore.class)) {
            RecordingResult r = recorder(store).record(g);
            assertCorrect(r, g);
            assertThat(store.statistics().writeFailures()).isEqualTo(r.cacheMisses());
            assertThat(log.warnings()).isNotEmpty().allMatch(w -> w.contains("cannot write cache entry"));
        }
    }
}
