package org.jphasic.dist;

import org.jphasic.ParameterException;

/** Argument checks shared by the distribution classes; every failure names the argument and the value. */
final class Checks {
    private Checks() {
    }

    static void times(double[] times) {
        if (times == null) {
            throw new ParameterException("times are missing");
        }
        for (int i = 0; i < times.length; i++) {
            time(times[i], "times[" + i + "]");
        }
    }

    static void time(double t, String name) {
        if (!(t >= 0) || !Double.isFinite(t)) {
            throw new ParameterException(name + " is " + t + "; times must be finite and non-negative");
        }
    }

    static void jumps(int[] jumps) {
        if (jumps == null) {
            throw new ParameterException("jump counts are missing");
        }
        for (int i = 0; i < jumps.length; i++) {
            jump(jumps[i], "jumps[" + i + "]");
        }
    }

    static void jump(int k, String name) {
        if (k < 0) {
            throw new ParameterException(name + " is " + k + "; jump counts must be non-negative");
        }
    }

    static void output(double[] out, int length, String name) {
        if (out != null && out.length != length) {
            throw new ParameterException(name + " has length " + out.length + "; expected " + length
                    + " (one entry per time)");
        }
    }

    static void vectors(double[][] out, int count, int vertexCount, String name) {
        if (out == null) {
            return;
        }
        if (out.length != count) {
            throw new ParameterException(name + " has " + out.length + " rows; expected " + count
                    + " (one per time)");
        }
        for (int i = 0; i < count; i++) {
            if (out[i] == null || out[i].length != vertexCount) {
                throw new ParameterException(name + "[" + i + "] has length "
                        + (out[i] == null ? "null" : String.valueOf(out[i].length)) + "; expected " + vertexCount
                        + " (one entry per vertex)");
            }
        }
    }

    static void epsilon(double epsilon) {
        if (!(epsilon >= 1e-15) || !(epsilon < 1)) {
            throw new ParameterException("epsilon is " + epsilon + "; the error bound must lie in [1e-15, 1) "
                    + "(below 1e-15 rounding dominates)");
        }
    }

    static void rewards(double[] rewards, int vertexCount) {
        if (rewards == null) {
            throw new ParameterException("rewards are missing");
        }
        if (rewards.length != vertexCount) {
            throw new ParameterException("rewards has length " + rewards.length + " but the graph has "
                    + vertexCount + " vertices; give one reward per vertex (start and absorbing included, their "
                    + "rewards are ignored)");
        }
        for (int v = 0; v < vertexCount; v++) {
            if (!Double.isFinite(rewards[v])) {
                throw new ParameterException("rewards[" + v + "] is " + rewards[v] + "; rewards must be finite");
            }
        }
    }
}
