package org.jphasic.graph;

import java.util.Arrays;

/**
 * Finds vertices by their integer state vector: an open-addressing hash table over states stored flat in one
 * {@code int[]}, so a million states cost a few tens of megabytes and no object per state.
 */
final class StateIndex {
    private final int stateLength;
    private int[] states;
    private int[] slots; // vertex id + 1, 0 = empty
    private int[] vertexOfRow;
    private int rows;
    private int mask;

    StateIndex(int stateLength, int expected) {
        this.stateLength = stateLength;
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        this.states = new int[Math.max(16, expected) * Math.max(1, stateLength)];
        this.vertexOfRow = new int[Math.max(16, expected)];
    }

    /** Returns the vertex registered for {@code state}, or -1. */
    int find(int[] state) {
        int h = hash(state, 0, stateLength) & mask;
        while (true) {
            int s = slots[h];
            if (s == 0) {
                return -1;
            }
            int row = s - 1;
            if (equalsRow(row, state)) {
                return vertexOfRow[row];
            }
            h = (h + 1) & mask;
        }
    }

    /** Registers {@code state} for {@code vertex}; the state must not be registered yet. */
    void put(int[] state, int vertex) {
        if ((rows + 1) * 2 > slots.length) {
            rehash();
        }
        int row = rows++;
        if ((row + 1) * stateLength > states.length) {
            states = Arrays.copyOf(states, Math.max(states.length * 2, (row + 1) * stateLength));
        }
        if (row >= vertexOfRow.length) {
            vertexOfRow = Arrays.copyOf(vertexOfRow, vertexOfRow.length * 2);
        }
        System.arraycopy(state, 0, states, row * stateLength, stateLength);
        vertexOfRow[row] = vertex;
        insertRow(row);
    }

    private void insertRow(int row) {
        int h = hash(states, row * stateLength, stateLength) & mask;
        while (slots[h] != 0) {
            h = (h + 1) & mask;
        }
        slots[h] = row + 1;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int row = 0; row < rows; row++) {
            insertRow(row);
        }
    }

    private boolean equalsRow(int row, int[] state) {
        int base = row * stateLength;
        for (int j = 0; j < stateLength; j++) {
            if (states[base + j] != state[j]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(int[] a, int from, int length) {
        int h = 0x9E3779B9;
        for (int j = 0; j < length; j++) {
            h = (h ^ a[from + j]) * 0x01000193;
            h ^= h >>> 15;
        }
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
