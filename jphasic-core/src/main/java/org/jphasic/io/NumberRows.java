package org.jphasic.io;

import java.util.Arrays;
import org.jphasic.GraphFormatException;

/**
 * The numbers of one array field of a graph document, stored flat in a primitive array that grows as rows
 * arrive: either doubles (edge arrays) or 32-bit integers (states, vertex indices). Memory is proportional to
 * the numbers actually present in the input, never to a size the document declares.
 *
 * <p>A 2-D field ({@code [[..], [..]]}) has {@code rowCount()} rows of {@code columns()} numbers each; a 1-D
 * field ({@code [..]}) has {@code rowCount()} single numbers. An empty array has no rows and no column count,
 * which is how both of phasic's empty shapes, {@code (0,)} and {@code (0,k)}, arrive in JSON.
 */
final class NumberRows {
    /** The largest number of values one field may hold (the largest safe Java array). */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final int SHOWN_VALUES = 8;

    private final String field;
    private final boolean integers;
    private double[] reals;
    private int[] ints;
    private int size;
    private int rowCount;
    private int columns = -1;

    /**
     * @param field    the field name, for messages
     * @param integers whether values are 32-bit integers rather than doubles
     */
    NumberRows(String field, boolean integers) {
        this.field = field;
        this.integers = integers;
        if (integers) {
            ints = new int[16];
        } else {
            reals = new double[16];
        }
    }

    /** @return the field name */
    String field() {
        return field;
    }

    /** @return the number of rows (entries of a 1-D field) */
    int rowCount() {
        return rowCount;
    }

    /** @return the common row length, or -1 if there are no rows */
    int columns() {
        return columns;
    }

    /** @return whether the field is an empty array */
    boolean isEmpty() {
        return rowCount == 0;
    }

    /** Appends a double to the current row (a real-valued field). */
    void add(double value) {
        grow();
        reals[size++] = value;
    }

    /** Appends an integer to the current row (an integer-valued field). */
    void add(int value) {
        grow();
        ints[size++] = value;
    }

    /**
     * Closes the row just read and checks that it is as long as the first.
     *
     * @param length the number of values appended for it
     * @throws GraphFormatException if the rows are ragged
     */
    void endRow(int length) {
        if (columns < 0) {
            columns = length;
        } else if (length != columns) {
            throw new GraphFormatException(field + " row " + rowCount + ": expected " + columns + " numbers like "
                    + "every row before it, found " + length + ". All rows of '" + field + "' must have the same "
                    + "length (it is a matrix); fix or remove the row");
        }
        rowCount++;
    }

    /** @return the value at a row and column of a real-valued field */
    double real(int row, int column) {
        return reals[row * columns + column];
    }

    /** @return the value at a row and column of an integer-valued field */
    int integer(int row, int column) {
        return ints[row * columns + column];
    }

    /** Copies one row of an integer-valued field into {@code out}, of length {@link #columns()}. */
    void copyRow(int row, int[] out) {
        System.arraycopy(ints, row * columns, out, 0, columns);
    }

    /**
     * @param row a row index
     * @return the row as text, such as {@code [3, 4, 0.5]}, with at most a few values shown
     */
    String formatRow(int row) {
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(columns, SHOWN_VALUES);
        for (int j = 0; j < shown; j++) {
            text.append(j == 0 ? "" : ", ").append(integers ? String.valueOf(integer(row, j)) : format(real(row, j)));
        }
        if (columns > shown) {
            text.append(", ... (").append(columns).append(" values)");
        }
        return text.append(']').toString();
    }

    /** @return the shape in numpy notation, such as {@code (5, 3)} or {@code (0,)} */
    String shape() {
        return rowCount == 0 ? "(0,)" : "(" + rowCount + ", " + columns + ")";
    }

    /**
     * @param value a double
     * @return it as an integer when it is one (indices read as 3.0 print as 3), else as Java prints it
     */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }

    private void grow() {
        int capacity = integers ? ints.length : reals.length;
        if (size < capacity) {
            return;
        }
        if (capacity >= MAX_VALUES) {
            throw new GraphFormatException(field + ": expected at most " + MAX_VALUES + " numbers, found more. "
                    + "The array is too large for one Java array; split the model or reduce it");
        }
        int larger = (int) Math.min(MAX_VALUES, 2L * capacity);
        if (integers) {
            ints = Arrays.copyOf(ints, larger);
        } else {
            reals = Arrays.copyOf(reals, larger);
        }
    }
}
