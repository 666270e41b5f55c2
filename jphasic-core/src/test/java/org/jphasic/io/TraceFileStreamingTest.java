package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;
import org.jphasic.TraceFormatException;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEncoding;
import org.jphasic.trace.TraceRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trace files read from disk as cache entries are: decoded in pieces as they are read, through a window smaller
 * than a large body, with the checksum computed on the way. What comes back must be what was written, and every
 * damaged file must be refused with the error that names the damage.
 */
class TraceFileStreamingTest {
    /** A body several times the decoding window, so that it is refilled many times and values straddle it. */
    private static Trace large;

    @TempDir
    Path dir;

    @BeforeAll
    static void recordLargeTrace() {
        large = TraceRecorder.record(Rabbits.parameterized(100));
        assertThat(TraceEncoding.encodedSize(large)).isGreaterThan(3 * TraceEncoding.WINDOW_BYTES);
    }

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyKindOfFileReadsBackFromDiskBitExactly(long seed) throws IOException {
        Trace trace = TraceRecorder.record(RandomGraphs.random(seed, Options.parameterized(40, 3)).build());
        for (Trace t : new Trace[] {trace, large}) {
            for (TraceFile.Checksum checksum : TraceFile.Checksum.values()) {
                for (boolean compress : new boolean[] {false, true}) {
                    Path file = dir.resolve(seed + "-" + checksum + "-" + compress + ".trace");
                    Files.write(file, TraceFile.toBytes(t, "key-" + seed, 11, compress, checksum));
                    TraceFile.Contents back = TraceFile.read(file);
                    assertThat(back.trace()).isEqualTo(t);
                    assertThat(back.key()).isEqualTo("key-" + seed);
                    assertThat(back.recordingNanos()).isEqualTo(11);
                }
            }
            if (seed > 3) {
                break; // the large trace's files are read in the first seeds; the small ones vary with every seed
            }
        }
    }

    /** Pieces of 1 to 13 bytes: every value straddles some boundary between pieces. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bodiesDeliveredInRaggedPiecesDecodeAsFromMemory(long seed) throws IOException {
        Trace trace = TraceRecorder.record(RandomGraphs.random(seed, Options.parameterized(30, 2)).build());
        byte[] body = TraceEncoding.encode(trace);
        SplittableRandom rng = new SplittableRandom(seed);
        ByteBuffer source = ByteBuffer.wrap(body);
        Trace decoded = TraceEncoding.decode(into -> {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(1 + rng.nextInt(13), into.remaining()), source.remaining());
            into.put(source.array(), source.position(), n);
            source.position(source.position() + n);
            return n;
        }, body.length);
        assertThat(decoded).isEqualTo(trace).isEqualTo(TraceEncoding.decode(ByteBuffer.wrap(body)));
    }

    /** Each thread reuses one window; a body decoded while another is being read on the same thread gets its own. */
    @Test
    void aDecodeInsideAnotherOnTheSameThreadDoesNotShareItsWindow() throws IOException {
        byte[] outer = TraceEncoding.encode(large);
        Trace small = TraceRecorder.record(Rabbits.parameterized(6));
        byte[] inner = TraceEncoding.encode(small);
        TraceEncoding.Pieces outerPieces = pieces(outer);
        Trace[] nested = new Trace[1];
        Trace decoded = TraceEncoding.decode(into -> {
            if (nested[0] == null) {
                nested[0] = TraceEncoding.decode(pieces(inner), inner.length);
            }
            return outerPieces.read(into);
        }, outer.length);
        assertThat(decoded).isEqualTo(large);
        assertThat(nested[0]).isEqualTo(small);
        // and the window kept afterwards still reads correctly
        assertThat(TraceEncoding.decode(pieces(outer), outer.length)).isEqualTo(large);
    }

    @Test
    void bodiesThatEndEarlyOrRunOnAreRefused() {
        byte[] body = TraceEncoding.encode(TraceRecorder.record(Rabbits.parameterized(4)));
        assertThatThrownBy(() -> TraceEncoding.decode(pieces(Arrays.copyOf(body, body.length - 7)), body.length))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(body, body.length + 5);
        assertThatThrownBy(() -> TraceEncoding.decode(pieces(longer), longer.length))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("5 unexpected bytes");
        assertThatThrownBy(() -> TraceEncoding.decode(pieces(body), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    /** CRC32C detects every single flipped bit: wherever it is, the error is the checksum's. */
    @Test
    void everyFlippedBitOfALargeBodyIsAChecksumMismatch() throws IOException {
        byte[] good = TraceFile.toBytes(large, "k", 0, false, TraceFile.Checksum.CRC32C);
        int bodyAt = good.length - TraceEncoding.encodedSize(large);
        SplittableRandom rng = new SplittableRandom(6);
        Path file = dir.resolve("flipped.trace");
        for (int i = 0; i < 60; i++) {
            // the first flips hit the body's leading counts, which fail validation before the body's end
            int at = i < 20 ? bodyAt + i : bodyAt + rng.nextInt(good.length - bodyAt);
            byte[] flipped = good.clone();
            flipped[at] ^= (byte) (1 << rng.nextInt(8));
            Files.write(file, flipped);
            assertThatThrownBy(() -> TraceFile.read(file)).as("bit flipped at byte %d", at)
                    .isInstanceOf(TraceFormatException.class).hasMessageContaining("checksum mismatch (CRC32C)");
        }
    }

    @Test
    void aStructurallyInvalidBodyWithAValidChecksumIsRejectedForWhatItIs() throws IOException {
        byte[] file = TraceFile.toBytes(large, "k", 0, false, TraceFile.Checksum.CRC32C);
        int bodyLength = TraceEncoding.encodedSize(large);
        int bodyAt = file.length - bodyLength;
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        // the first command's slot past the tape
        int constants = b.getInt(bodyAt + 12);
        int size = b.getInt(bodyAt + 16);
        int sumsAt = bodyAt + 20 + 8 * constants + 9 * size;
        int dotsAt = sumsAt + 4 + 4 * b.getInt(sumsAt);
        int commandsAt = dotsAt + 4 + 12 * b.getInt(dotsAt);
        b.putInt(commandsAt + 4 + 8 * b.getInt(commandsAt), size + 5);
        reframe(file, bodyAt, bodyLength);
        Path invalid = dir.resolve("invalid.trace");
        Files.write(invalid, file);
        assertThatThrownBy(() -> TraceFile.read(invalid)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("command 0 slot");

        // a tape size far beyond the body is refused before anything of that size is allocated
        byte[] huge = TraceFile.toBytes(large, "k", 0, false, TraceFile.Checksum.CRC32C);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(bodyAt + 16, 1 << 30);
        reframe(huge, bodyAt, bodyLength);
        Path oversized = dir.resolve("oversized.trace");
        Files.write(oversized, huge);
        assertThatThrownBy(() -> TraceFile.read(oversized)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void damagedHeadersAndLengthsFromDiskAreTheSameErrorsAsInMemory() throws IOException {
        byte[] good = TraceFile.toBytes(large, "k", 0, false, TraceFile.Checksum.CRC32C);
        byte[][] damaged = {Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 3),
            Arrays.copyOf(good, 20), new byte[0], good.clone(), good.clone()};
        damaged[4][0] = 'X';
        ByteBuffer.wrap(damaged[5]).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
        for (int i = 0; i < damaged.length; i++) {
            Path file = dir.resolve("damaged-" + i + ".trace");
            Files.write(file, damaged[i]);
            byte[] bytes = damaged[i];
            String inMemory = org.junit.jupiter.api.Assertions.assertThrows(TraceFormatException.class,
                    () -> TraceFile.fromBytes(bytes)).getMessage();
            assertThatThrownBy(() -> TraceFile.read(file)).as("damage %d", i)
                    .isInstanceOf(TraceFormatException.class).hasMessage(inMemory);
        }
    }

    /** Writes the CRC32C of the (altered) body into the checksum field, so that only validation can object. */
    private static void reframe(byte[] file, int bodyAt, int bodyLength) {
        CRC32C crc = new CRC32C();
        crc.update(file, bodyAt, bodyLength);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(bodyAt - 32, (int) crc.getValue());
    }

    private static TraceEncoding.Pieces pieces(byte[] bytes) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        return into -> {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(into.remaining(), source.remaining());
            into.put(source.array(), source.position(), n);
            source.position(source.position() + n);
            return n;
        };
    }
}
