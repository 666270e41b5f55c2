package org.jphasic.moments;

/**
 * Something that computes expected accumulated rewards x = UΔ(r)1 from a reward vector r, in place, and the
 * transposed product. {@link RewardProgram} (direct elimination) and an evaluated trace both are; the
 * {@link Moments} formulas are written once over this interface.
 */
public interface RewardReplay {
    /** @return the length of the vectors, the number of vertices */
    int vertexCount();

    /**
     * Replaces rewards by expected accumulated rewards: on return {@code x[v]} is the expected reward
     * accumulated until absorption starting from v ({@code x[0]} from the initial distribution). Rewards of the
     * start and of absorbing vertices are ignored.
     *
     * @param x the rewards on entry, the expectations on return, length {@link #vertexCount()}. Modified.
     */
    void replay(double[] x);

    /**
     * Applies the transpose of the linear map of {@link #replay(double[])}: starting from the unit vector of
     * the start, the result is αUΔ(1) restricted to transient vertices, the expected time spent in each vertex.
     *
     * @param y the input on entry, the transposed product on return, length {@link #vertexCount()}. Modified.
     */
    void replayTransposed(double[] y);
}
