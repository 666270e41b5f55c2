package org.jphasic.trace;

/**
 * The operations of a trace tape. Every operation writes one value slot; operands are earlier slots.
 */
public enum Operation {
    /** A constant. */
    CONST(0),
    /** Σ_k c_k·θ_k over a sparse coefficient vector. */
    DOT(1),
    /** a + b. */
    ADD(2),
    /** a · b. */
    MUL(3),
    /** 1 / a. */
    INV(4),
    /** The sum of a list of slots. */
    SUM(5);

    private final int code;

    Operation(int code) {
        this.code = code;
    }

    /** @return the stable numeric code used in trace files */
    public int code() {
        return code;
    }

    /**
     * @param code a numeric code
     * @return the operation with that code
     * @throws IllegalArgumentException for an unknown code
     */
    public static Operation of(int code) {
        for (Operation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown trace operation code " + code);
    }
}
