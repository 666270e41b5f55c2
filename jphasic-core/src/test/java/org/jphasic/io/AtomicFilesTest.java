package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jphasic.model.Rabbits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: complete content or the old file, never a partial one, and no temporary files left behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesFiles() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeBytes(target, bytes("first"));
        assertThat(Files.readString(target)).isEqualTo("first");
        AtomicFiles.write(target, out -> {
            out.write(bytes("second"));
            out.close(); // allowed: the file is still forced and renamed
        });
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeBytes(target, bytes("old"));

        Throwable io = catchThrowable(() -> AtomicFiles.write(target, out -> {
            out.write(bytes("partial new content"));
            throw new IOException("disk full");
        }));
        assertThat(io).isInstanceOf(IOException.class).hasMessage("disk full");
        Throwable runtime = catchThrowable(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("bug in the content writer");
        }));
        assertThat(runtime).isInstanceOf(IllegalStateException.class);

        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingAnything() {
        Path target = dir.resolve("absent").resolve("out.txt");
        assertThat(catchThrowable(() -> AtomicFiles.writeBytes(target, bytes("x"))))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(target.getParent())).isFalse();
    }

    @Test
    void graphWritesFailAsUncheckedIoErrorsNamingTheFile() {
        Path target = dir.resolve("absent").resolve("g.json");
        assertThat(catchThrowable(() -> GraphJson.write(Rabbits.graph(2, 2, 4), target)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("g.json");
    }

    @Test
    void concurrentWritersOfOneFileLeaveOneCompleteVersion() throws Exception {
        Path target = dir.resolve("shared.txt");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String content = String.valueOf((char) ('a' + w)).repeat(200_000);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        AtomicFiles.writeBytes(target, bytes(content));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String content = Files.readString(target);
        assertThat(content).hasSize(200_000);
        assertThat(content.chars().distinct().count()).as("one writer's content, not a mixture").isEqualTo(1);
        assertThat(listing()).containsExactly(target);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
