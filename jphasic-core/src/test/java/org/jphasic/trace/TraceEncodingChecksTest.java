package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.jphasic.TraceFormatException;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.api.Test;

/**
 * The decoder's index checks: every command, edge and rate index outside its range is rejected and named — its
 * array and position — whichever value it is, and every value inside is accepted.
 */
class TraceEncodingChecksTest {
    /** The index arrays of a body, in the order of FORMATS.md §4, with what each may hold. */
    private enum Field {
        COMMAND_TARGET("command ", " target", false, false),
        COMMAND_SOURCE("command ", " source", false, true),
        COMMAND_SLOT("command ", " slot", true, false),
        EDGE_SOURCE("edge ", " source", false, false),
        EDGE_TARGET("edge ", " target", false, false),
        EDGE_WEIGHT_SLOT("edge ", " weight slot", true, false),
        VERTEX_RATE_SLOT("vertex ", " rate slot", true, true);

        final String kind;
        final String name;
        /** Whether it indexes the tape (else the vertices). */
        final boolean slot;
        /** Whether -1 is allowed (no source; no rate). */
        final boolean none;

        Field(String kind, String name, boolean slot, boolean none) {
            this.kind = kind;
            this.name = name;
            this.slot = slot;
            this.none = none;
        }
    }

    private static Trace trace() {
        return TraceRecorder.record(RandomGraphs.random(11, Options.parameterized(40, 2)).build());
    }

    /** Byte offset of entry {@code i} of a field in the body of {@code t}. */
    private static int offset(Trace t, Field f, int i) {
        int size = t.size();
        int at = 20 + 8 * t.constantCount + 9 * size;
        at += 4 + 4 * t.sumOperands.length;
        at += 4 + 12 * t.dotParameters.length;
        int commands = t.commandCount();
        int edges = t.edgeCount();
        at += 4;
        return switch (f) {
            case COMMAND_TARGET -> at + 4 * i;
            case COMMAND_SOURCE -> at + 4 * commands + 4 * i;
            case COMMAND_SLOT -> at + 8 * commands + 4 * i;
            case EDGE_SOURCE -> at + 12 * commands + 4 + 4 * i;
            case EDGE_TARGET -> at + 12 * commands + 4 + 4 * edges + 4 * i;
            case EDGE_WEIGHT_SLOT -> at + 12 * commands + 4 + 8 * edges + 4 * i;
            case VERTEX_RATE_SLOT -> at + 12 * commands + 4 + 12 * edges + 4 + 4 * i;
        };
    }

    private static int length(Trace t, Field f) {
        return switch (f) {
            case COMMAND_TARGET, COMMAND_SOURCE, COMMAND_SLOT -> t.commandCount();
            case EDGE_SOURCE, EDGE_TARGET, EDGE_WEIGHT_SLOT -> t.edgeCount();
            case VERTEX_RATE_SLOT -> t.vertexCount;
        };
    }

    @Test
    void theLayoutAssumedHereIsTheEncodersOwn() {
        Trace t = trace();
        ByteBuffer body = ByteBuffer.wrap(TraceEncoding.encode(t)).order(ByteOrder.LITTLE_ENDIAN);
        for (Field f : Field.values()) {
            int n = length(t, f);
            int[] expected = switch (f) {
                case COMMAND_TARGET -> t.commandTarget;
                case COMMAND_SOURCE -> t.commandSource;
                case COMMAND_SLOT -> t.commandSlot;
                case EDGE_SOURCE -> t.edgeSource;
                case EDGE_TARGET -> t.edgeTarget;
                case EDGE_WEIGHT_SLOT -> t.edgeWeightSlot;
                case VERTEX_RATE_SLOT -> t.vertexRateSlot;
            };
            assertThat(n).as(f.name()).isPositive();
            for (int i = 0; i < n; i++) {
                assertThat(body.getInt(offset(t, f, i))).as("%s %d", f, i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void everyIndexOutsideItsRangeIsNamedAndEveryIndexInsideIsAccepted() {
        Trace t = trace();
        byte[] good = TraceEncoding.encode(t);
        SplittableRandom rng = new SplittableRandom(5);
        for (Field f : Field.values()) {
            int limit = f.slot ? t.size() : t.vertexCount;
            int lowest = f.none ? -1 : 0;
            int[] outside = {limit, limit + 1, lowest - 1, lowest - 2, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, -limit, limit + rng.nextInt(1 << 20)};
            for (int bad : outside) {
                int i = rng.nextInt(length(t, f));
                byte[] body = good.clone();
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(offset(t, f, i), bad);
                assertThatThrownBy(() -> TraceEncoding.decode(ByteBuffer.wrap(body)))
                        .as("%s %d = %d", f, i, bad).isInstanceOf(TraceFormatException.class)
                        .hasMessageContaining(f.kind + i + f.name + " is " + bad + ", outside [0, " + limit + ")");
            }
            for (int fine : new int[] {lowest, 0, limit - 1, rng.nextInt(limit)}) {
                int i = rng.nextInt(length(t, f));
                byte[] body = good.clone();
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(offset(t, f, i), fine);
                Trace back = TraceEncoding.decode(ByteBuffer.wrap(body));
                assertThat(back.size()).as("%s %d = %d decodes", f, i, fine).isEqualTo(t.size());
            }
        }
    }

    @Test
    void withinHoldsExactlyForValuesInRange() {
        SplittableRandom rng = new SplittableRandom(9);
        int[] specials = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2, -1, 0, 1, 2, Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE};
        for (int from : new int[] {0, -1}) {
            for (int limit : new int[] {0, 1, 2, 7, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
                for (int x : specials) {
                    assertThat(TraceEncoding.within(new int[] {x}, from, limit)).as("%d in [%d, %d)", x, from, limit)
                            .isEqualTo(x >= from && x < limit);
                }
                for (int k = 0; k < 200; k++) {
                    int x = rng.nextInt();
                    int[] values = {0 >= from && 0 < limit ? 0 : from, x};
                    assertThat(TraceEncoding.within(values, from, limit)).isEqualTo(x >= from && x < limit);
                }
            }
        }
        assertThat(TraceEncoding.within(new int[0], 0, 0)).isTrue();
    }
}
