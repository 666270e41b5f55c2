package org.jphasic.trace;

/**
 * An open-addressing map from long keys to non-negative int values; -1 means absent. Values are stored plus one,
 * so a fresh (zeroed) slot is empty and no table ever needs filling; the occupied slots are listed, so that
 * emptying a map for reuse costs its entries, not its size.
 */
final class LongIntMap {
    /** Tables below this many slots grow fourfold, larger ones twofold. */
    private static final int QUADRUPLE_BELOW = 1 << 18;

    private long[] keys;
    private int[] stored;
    /** The occupied slots, {@code size} of them: at most half the slots are occupied before the table grows. */
    private int[] occupied;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = capacityFor(expected);
        keys = new long[capacity];
        stored = new int[capacity];
        occupied = new int[capacity / 2 + 1];
        mask = capacity - 1;
    }

    /**
     * A map for about {@code expected} entries: {@code kept}, emptied, if it is at least as large as a new one
     * would be, else a new one. A table that grew for the last tape of a thread is kept as it grew, so that the
     * next tape, which often needs as many entries whatever its estimate says, does not grow it again.
     *
     * @param kept     a map no longer in use, or {@code null}
     * @param expected the entries expected
     * @return an empty map
     */
    static LongIntMap emptied(LongIntMap kept, int expected) {
        int wanted = capacityFor(expected);
        if (kept == null || kept.keys.length < wanted) {
            return new LongIntMap(expected);
        }
        for (int i = 0; i < kept.size; i++) {
            kept.stored[kept.occupied[i]] = 0;
        }
        kept.size = 0;
        return kept;
    }

    /** @return the number of slots */
    int capacity() {
        return keys.length;
    }

    private static int capacityFor(int expected) {
        return Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    }

    int get(long key) {
        int h = mix(key) & mask;
        while (stored[h] != 0) {
            if (keys[h] == key) {
                return stored[h] - 1;
            }
            h = (h + 1) & mask;
        }
        return -1;
    }

    void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative, got " + value);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, value + 1);
    }

    private void insert(long key, int plusOne) {
        int h = mix(key) & mask;
        while (stored[h] != 0) {
            if (keys[h] == key) {
                stored[h] = plusOne;
                return;
            }
            h = (h + 1) & mask;
        }
        keys[h] = key;
        stored[h] = plusOne;
        occupied[size++] = h;
    }

    /**
     * Quadruples a table below {@value #QUADRUPLE_BELOW} slots, doubles a larger one: growing rehashes every
     * entry, and a small table that keeps growing (the tape of a work unit whose elimination makes many
     * operations per edge) rehashed a third as often by quadrupling; a large table would waste too much memory.
     */
    private void grow() {
        long[] oldKeys = keys;
        int[] oldStored = stored;
        int capacity = oldKeys.length < QUADRUPLE_BELOW ? oldKeys.length * 4 : oldKeys.length * 2;
        keys = new long[capacity];
        stored = new int[capacity];
        occupied = new int[capacity / 2 + 1];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStored[i] != 0) {
                insert(oldKeys[i], oldStored[i]);
            }
        }
    }

    static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }
}
