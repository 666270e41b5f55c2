package org.jphasic.moments;

/**
 * The reward program of an eliminated graph: a list of commands {@code x[t] *= m} and {@code x[t] += m·x[s]}
 * whose replay turns a reward vector into expected accumulated rewards (see {@link Elimination}). It is
 * immutable and can be replayed from several threads at once, each with its own vector.
 *
 * <p>Replay costs O(commands); for a DAG the program has |V| + |E| commands.
 */
public final class RewardProgram implements RewardReplay {
    private final int vertexCount;
    private final int[] targets;
    private final int[] sources;
    private final double[] factors;

    RewardProgram(int vertexCount, int[] targets, int[] sources, double[] factors) {
        this.vertexCount = vertexCount;
        this.targets = targets;
        this.sources = sources;
        this.factors = factors;
    }

    @Override
    public int vertexCount() {
        return vertexCount;
    }

    /** @return the number of commands */
    public int commandCount() {
        return targets.length;
    }

    @Override
    public void replay(double[] x) {
        final int[] t = targets;
        final int[] s = sources;
        final double[] m = factors;
        for (int c = 0; c < t.length; c++) {
            int source = s[c];
            if (source < 0) {
                x[t[c]] *= m[c];
            } else {
                x[t[c]] += m[c] * x[source];
            }
        }
    }

    @Override
    public void replayTransposed(double[] y) {
        final int[] t = targets;
        final int[] s = sources;
        final double[] m = factors;
        for (int c = t.length - 1; c >= 0; c--) {
            int source = s[c];
            if (source < 0) {
                y[t[c]] *= m[c];
            } else {
                y[source] += m[c] * y[t[c]];
            }
        }
    }
}
