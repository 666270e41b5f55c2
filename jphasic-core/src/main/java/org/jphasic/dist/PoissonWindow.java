package org.jphasic.dist;

import java.util.Arrays;
import org.jphasic.ParameterException;

/**
 * Poisson(μ) probabilities on a window [left, right] chosen so that the weights, normalised over the window,
 * differ from the true probabilities by at most δ in total (window errors plus both tails), in the manner of
 * Fox &amp; Glynn (1988): start at the mode with weight 1 and recurse outwards, p(k+1) = p(k)·μ/(k+1) and
 * p(k−1) = p(k)·k/μ, until the geometric bounds on the remaining tails, Σ_{j&gt;k} p(j) ≤ p(k+1)/(1 − μ/(k+2))
 * and Σ_{j&lt;k} p(j) ≤ p(k−1)/(1 − (k−1)/μ), are below δ/4 of the accumulated weight each. Nothing is
 * computed in the far tails, so nothing underflows, whatever μ; e^{−μ} never appears. The window holds
 * O(√(μ·log(1/δ))) terms.
 *
 * <p>Error: with Z the true (unnormalised) total and W the window's, the normalised weights are off by
 * 1 − W/Z ≤ δ/2 in total and the tails hold at most δ/2, so |Σ_k w_k c_k − E[c_N]| ≤ δ·max|c_k|. Cost
 * O(√(μ·log(1/δ))); immutable.
 *
 * <pre>{@code
 * PoissonWindow w = PoissonWindow.of(lambda * t, 1e-12);
 * double sum = 0;
 * for (int k = w.left(); k <= w.right(); k++) {
 *     sum += w.weight(k) * a[k];          // ≈ E[a_N], N ~ Poisson(Λt), to 1e-12·max|a|
 * }
 * }</pre>
 */
public final class PoissonWindow {
    /** Largest supported mean: windows are indexed by int. */
    public static final double MAX_MEAN = 1e9;

    private final int left;
    private final double[] weights;

    private PoissonWindow(int left, double[] weights) {
        this.left = left;
        this.weights = weights;
    }

    /**
     * Computes the window.
     *
     * @param mean  μ ≥ 0
     * @param delta the total error δ, in (0, 1)
     * @return the window
     * @throws ParameterException if μ is negative, not finite or above {@link #MAX_MEAN}, or δ is not in (0, 1)
     */
    public static PoissonWindow of(double mean, double delta) {
        if (!(delta > 0) || !(delta < 1)) {
            throw new ParameterException("the Poisson truncation error δ is " + delta + "; it must lie in (0, 1)");
        }
        if (mean == 0) {
            return new PoissonWindow(0, new double[] {1.0});
        }
        if (!(mean > 0) || mean > MAX_MEAN) {
            throw new ParameterException("Λ·t = " + mean + " is outside [0, " + MAX_MEAN + "]: uniformisation would "
                    + "need that many steps; rescale time or use a smaller horizon");
        }
        int mode = (int) Math.floor(mean);
        double tolerance = delta / 4;
        // right side: up[i] is the weight of mode + i
        double[] up = new double[16 + (int) (12 * Math.sqrt(mean))];
        up[0] = 1.0;
        int upCount = 1;
        double total = 1.0;
        int k = mode;
        double pk = 1.0;
        while (true) {
            double next = pk * mean / (k + 1);
            // the tail bound next/(1 − μ/(k+2)) ≤ tolerance·total, multiplied out (k + 2 > μ here)
            if (next * (k + 2) <= tolerance * total * (k + 2 - mean)) {
                break;
            }
            if (upCount == up.length) {
                up = Arrays.copyOf(up, up.length * 2);
            }
            up[upCount++] = next;
            total += next;
            pk = next;
            k++;
        }
        // left side: down[i] is the weight of mode − 1 − i
        double[] down = new double[16 + (int) (12 * Math.sqrt(mean))];
        int downCount = 0;
        k = mode;
        pk = 1.0;
        while (k > 0) {
            double previous = pk * k / mean;
            // the tail bound previous/(1 − (k−1)/μ) ≤ tolerance·total, multiplied out (k − 1 < μ here)
            if (previous * mean <= tolerance * total * (mean - (k - 1))) {
                break;
            }
            if (downCount == down.length) {
                down = Arrays.copyOf(down, down.length * 2);
            }
            down[downCount++] = previous;
            total += previous;
            pk = previous;
            k--;
        }
        double[] w = new double[downCount + upCount];
        for (int i = 0; i < downCount; i++) {
            w[downCount - 1 - i] = down[i] / total;
        }
        for (int i = 0; i < upCount; i++) {
            w[downCount + i] = up[i] / total;
        }
        return new PoissonWindow(mode - downCount, w);
    }

    /** @return the first index of the window */
    public int left() {
        return left;
    }

    /** @return the last index of the window */
    public int right() {
        return left + weights.length - 1;
    }

    /**
     * @param k an index in [left, right]
     * @return the normalised weight of k
     */
    public double weight(int k) {
        return weights[k - left];
    }

    /**
     * Copies the window's weights into an array.
     *
     * @param destination receives the weights of left..right
     * @param at          where the weight of {@link #left()} goes
     */
    public void copyWeights(double[] destination, int at) {
        System.arraycopy(weights, 0, destination, at, weights.length);
    }

    /** @return a copy of the window's weights, index 0 being {@link #left()} */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The complementary distribution P(N &gt; k) from the window: 1 left of the window, the sum of the window
     * weights above k inside it, 0 right of it.
     *
     * @return P(N &gt; k) for k = left..right, indexed by k − left
     */
    double[] exceedance() {
        double[] q = new double[weights.length];
        double sum = 0;
        for (int i = weights.length - 1; i >= 0; i--) {
            q[i] = sum;
            sum += weights[i];
        }
        return q;
    }
}
