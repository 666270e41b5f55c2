package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.TraceFormatException;
import org.jphasic.model.Rabbits;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEncoding;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Trace files read back bit-exactly; every damaged file is a {@link TraceFormatException}. */
class TraceFileTest {
    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void traceFilesReadBackBitExactly(long seed) {
        Trace trace = TraceRecorder.record(RandomGraphs.random(seed, Options.parameterized(40, 3)).build());
        for (boolean compress : new boolean[] {false, true}) {
            TraceFile.Contents back = TraceFile.fromBytes(TraceFile.toBytes(trace, "key-" + seed, compress));
            assertThat(back.key()).isEqualTo("key-" + seed);
            assertThat(back.trace()).isEqualTo(trace);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void crc32cFilesAreVersionTwoAndReadBackBitExactly(long seed) {
        Trace trace = TraceRecorder.record(RandomGraphs.random(seed, Options.parameterized(40, 3)).build());
        for (boolean compress : new boolean[] {false, true}) {
            byte[] crc = TraceFile.toBytes(trace, "key-" + seed, 7, compress, TraceFile.Checksum.CRC32C);
            byte[] sha = TraceFile.toBytes(trace, "key-" + seed, 7, compress, TraceFile.Checksum.SHA_256);
            ByteBuffer crcHeader = ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer shaHeader = ByteBuffer.wrap(sha).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(crcHeader.getInt(8)).isEqualTo(2);
            assertThat(crcHeader.getInt(12)).isEqualTo(compress ? 3 : 2);
            assertThat(shaHeader.getInt(8)).isEqualTo(1);
            assertThat(shaHeader.getInt(12)).isEqualTo(compress ? 1 : 0);
            // the same body and framing apart from the version, the flag and the checksum field
            assertThat(crc.length).isEqualTo(sha.length);
            TraceFile.Contents back = TraceFile.fromBytes(crc);
            assertThat(back.key()).isEqualTo("key-" + seed);
            assertThat(back.recordingNanos()).isEqualTo(7);
            assertThat(back.trace()).isEqualTo(trace);
        }
    }

    /** The CRC32C field against java.util.zip.CRC32C of the body as TraceEncoding writes it. */
    @Test
    void crc32cFieldIsTheBodysCrcFollowedByZeroes() {
        Trace trace = TraceRecorder.record(Rabbits.parameterized(3));
        byte[] body = TraceEncoding.encode(trace);
        byte[] file = TraceFile.toBytes(trace, "k", 0, false, TraceFile.Checksum.CRC32C);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        int checksumAt = file.length - body.length - 32;
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(checksumAt))
                .isEqualTo((int) crc.getValue());
        assertThat(java.util.Arrays.copyOfRange(file, checksumAt + 4, checksumAt + 32)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(file, file.length - body.length, file.length)).isEqualTo(body);
    }

    @Test
    void damagedCrc32cFilesAreClearErrors() {
        byte[] good = TraceFile.toBytes(TraceRecorder.record(Rabbits.parameterized(2)), "k", 0, false,
                TraceFile.Checksum.CRC32C);
        int checksumAt = good.length - TraceEncoding.encode(TraceRecorder.record(Rabbits.parameterized(2))).length
                - 32;
        byte[] flipped = good.clone();
        flipped[flipped.length - 20] ^= 0x10;
        assertThatThrownBy(() -> TraceFile.fromBytes(flipped)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("checksum mismatch (CRC32C)");
        byte[] padding = good.clone();
        padding[checksumAt + 17] = 1;
        assertThatThrownBy(() -> TraceFile.fromBytes(padding)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("must be zero");
        byte[] noFlag = good.clone();
        ByteBuffer.wrap(noFlag).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0);
        assertThatThrownBy(() -> TraceFile.fromBytes(noFlag)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("lacks the CRC32C flag");
        byte[] versionOne = good.clone();
        ByteBuffer.wrap(versionOne).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
        assertThatThrownBy(() -> TraceFile.fromBytes(versionOne)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("unknown flags");
    }

    @Test
    void readBackTraceEvaluatesIdentically() {
        Trace trace = TraceRecorder.record(Rabbits.parameterized(5));
        Trace back = TraceFile.fromBytes(TraceFile.toBytes(trace, "", true)).trace();
        TraceEvaluator a = new TraceEvaluator(trace);
        TraceEvaluator b = new TraceEvaluator(back);
        a.evaluate(new double[] {1, 2, 4});
        b.evaluate(new double[] {1, 2, 4});
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(b.moments().moments(3)).isEqualTo(a.moments().moments(3));
    }

    @Test
    void wrongMagicVersionAndTruncationAreClearErrors() {
        byte[] good = TraceFile.toBytes(TraceRecorder.record(Rabbits.parameterized(2)), "k", false);
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> TraceFile.fromBytes(magic)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("magic");
        byte[] version = good.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
        assertThatThrownBy(() -> TraceFile.fromBytes(version)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("version 99");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
        assertThatThrownBy(() -> TraceFile.fromBytes(truncated)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("truncated");
        byte[] flipped = good.clone();
        flipped[flipped.length - 20] ^= 0x10;
        assertThatThrownBy(() -> TraceFile.fromBytes(flipped)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void structurallyInvalidBodyWithAValidChecksumIsRejected() {
        byte[] body = TraceEncoding.encode(TraceRecorder.record(Rabbits.parameterized(2)));
        // make the first command's slot point past the tape, then frame it with a correct checksum
        Trace trace = TraceRecorder.record(Rabbits.parameterized(2));
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(16);
        int constants = b.getInt(12);
        int sums = b.getInt(20 + 8 * constants + 9 * size);
        int dotsAt = 20 + 8 * constants + 9 * size + 4 + 4 * sums;
        int dots = b.getInt(dotsAt);
        int commandsAt = dotsAt + 4 + 12 * dots;
        int commands = b.getInt(commandsAt);
        int firstSlot = commandsAt + 4 + 8 * commands;
        b.putInt(firstSlot, size + 5);
        assertThatThrownBy(() -> TraceEncoding.decode(ByteBuffer.wrap(body)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("command 0 slot");
        assertThat(trace.commandCount()).isEqualTo(commands);
    }

    @Test
    void tenThousandMutationsNeverEscapeAsAnotherException() {
        Trace trace = TraceRecorder.record(RandomGraphs.random(3, Options.parameterized(20, 2)).build());
        byte[][] originals = {TraceFile.toBytes(trace, "key", false), TraceFile.toBytes(trace, "key", true),
            TraceFile.toBytes(trace, "key", 0, false, TraceFile.Checksum.CRC32C),
            TraceFile.toBytes(trace, "key", 0, true, TraceFile.Checksum.CRC32C)};
        SplittableRandom rng = new SplittableRandom(2024);
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            int rejected = 0;
            for (int i = 0; i < 10_000; i++) {
                byte[] original = originals[i % originals.length];
                byte[] mutated = mutate(original, rng);
                try {
                    TraceFile.Contents c = TraceFile.fromBytes(mutated);
                    // only a mutation that changed nothing that matters may load, and then it is the trace
                    assertThat(c.trace()).isEqualTo(trace);
                } catch (TraceFormatException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    rejected++;
                }
            }
            assertThat(rejected).isGreaterThan(9_000);
        });
    }

    private static byte[] mutate(byte[] original, SplittableRandom rng) {
        byte[] m;
        switch (rng.nextInt(5)) {
            case 0 -> m = java.util.Arrays.copyOf(original, rng.nextInt(original.length));
            case 1 -> {
                m = original.clone();
                int flips = 1 + rng.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    m[rng.nextInt(m.length)] ^= (byte) (1 << rng.nextInt(8));
                }
            }
            case 2 -> {
                m = original.clone();
                // a random header field
                int at = 8 + 4 * rng.nextInt(Math.min(12, (m.length - 8) / 4));
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(at, rng.nextInt());
            }
            case 3 -> {
                m = new byte[original.length + 1 + rng.nextInt(100)];
                System.arraycopy(original, 0, m, 0, original.length);
                for (int i = original.length; i < m.length; i++) {
                    m[i] = (byte) rng.nextInt(256);
                }
            }
            default -> {
                m = original.clone();
                int at = rng.nextInt(m.length);
                m[at] = (byte) rng.nextInt(256);
            }
        }
        return m;
    }
}
