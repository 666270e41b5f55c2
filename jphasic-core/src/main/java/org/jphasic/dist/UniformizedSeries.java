package org.jphasic.dist;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.jphasic.ParameterException;

/**
 * The uniformisation series of one homogeneous stretch of time, for many times at once: with π_k = π_0·P^k
 * (P = I + S/Λ, {@link JumpChain}) and N_t ~ Poisson(Λt),
 * <ul>
 *   <li>transient vector π(t) = Σ_k P(N_t = k)·π_k, so survival 1 − F = π(t)·1 and density f = π(t)·s;</li>
 *   <li>accumulated visiting times ∫₀ᵗ π(u) du = (1/Λ)·Σ_k P(N_t &gt; k)·π_k.</li>
 * </ul>
 * One sequence π_0, π_1, … serves every time: times are visited in increasing order and each one reads only the
 * steps inside its {@link PoissonWindow} (visiting times read every step up to the window's right end).
 *
 * <p><b>Error.</b> Each time's window is chosen so that the omitted and mis-normalised Poisson mass δ times the
 * largest possible value of the quantity (1 for survival and probabilities, max s_v for the density,
 * (right + 1)/Λ for visiting times) is at most ε/2; the steps stop early, once the transient mass m_k (which
 * never grows) satisfies m_k·max(1, max s_v, t_max) ≤ ε/4, which bounds everything the later steps could add.
 * Every returned value is therefore within ε of the exact one, plus rounding of order (steps)·2⁻⁵³.
 *
 * <p><b>Cost.</b> O((Λ·t_max + √(Λ·t_max·log(1/ε)))·(|V| + |E|)) for the steps, plus O(|V|) per step and per
 * time for requested vectors; memory O(|V|) plus the windows. The step loop allocates nothing. A time with
 * Λt beyond {@link PoissonWindow#MAX_MEAN} gets no window: its values are those of the mass left (none, to ε)
 * once the steps run out of transient mass, which for an absorbing chain happens long before; if it does not
 * within {@value #MAX_STEPS} steps, that is an error.
 */
final class UniformizedSeries {
    /** Steps after which a time beyond {@link PoissonWindow#MAX_MEAN} is given up on. */
    private static final int MAX_STEPS = 100_000_000;

    private UniformizedSeries() {
    }

    /**
     * Evaluates the series at the given times.
     *
     * @param chain         the uniformised chain
     * @param start         π_0 over transient positions (total mass at most 1). Not modified.
     * @param times         the times, finite and non-negative, any order. Not modified.
     * @param epsilon       the absolute error bound ε, in (0, 1)
     * @param survival      receives π(t)·1 per time, or null. Modified.
     * @param density       receives π(t)·s per time, or null. Modified.
     * @param probabilities receives π(t) per time (arrays of length {@code chain.size()}), or null; a null row
     *                      skips that time. Modified.
     * @param visiting      receives ∫₀ᵗ π(u) du per time (arrays of length {@code chain.size()}), or null; a
     *                      null row skips that time. Modified.
     */
    static void evaluate(JumpChain chain, double[] start, double[] times, double epsilon, double[] survival,
                         double[] density, double[][] probabilities, double[][] visiting) {
        int n = times.length;
        if (n == 0) {
            return;
        }
        double rate = chain.scale();
        double densityScale = density != null ? Math.max(1, chain.maxExitRate()) : 1;
        boolean anyVisiting = false;
        double maxVisitingTime = 0;
        for (int j = 0; j < n; j++) {
            if (visiting != null && visiting[j] != null) {
                anyVisiting = true;
                maxVisitingTime = Math.max(maxVisitingTime, times[j]);
            }
        }
        Integer[] boxed = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(j -> times[j]))
                .toArray(Integer[]::new);
        int[] order = new int[n];
        for (int s = 0; s < n; s++) {
            order[s] = boxed[s];
        }
        PoissonWindow[] windows = new PoissonWindow[n];
        double[][] exceedance = new double[n][];
        int lastStep = 0;
        boolean anyFar = false;
        for (int j = 0; j < n; j++) {
            double mean = rate * times[j];
            if (mean > PoissonWindow.MAX_MEAN) {
                anyFar = true; // no window: served by the transient mass running out first (see below)
                continue;
            }
            double delta = epsilon / (2 * densityScale);
            PoissonWindow w = PoissonWindow.of(mean, delta);
            if (visiting != null && visiting[j] != null) {
                // the visiting-time error is δ·(right + 1)/Λ: narrow δ until that is within ε/2
                double factor = (w.right() + 1) / rate;
                while (factor * delta > epsilon / 2) {
                    delta = epsilon / (2.5 * Math.max(densityScale, factor));
                    w = PoissonWindow.of(mean, delta);
                    factor = (w.right() + 1) / rate;
                }
                exceedance[j] = w.exceedance();
            }
            windows[j] = w;
            lastStep = Math.max(lastStep, w.right());
        }
        // prefix maxima of right ends and suffix minima of left ends, in time order, to skip inactive times
        int[] maxRight = new int[n];
        int[] minLeft = new int[n];
        for (int s = 0; s < n; s++) {
            PoissonWindow w = windows[order[s]];
            maxRight[s] = Math.max(s > 0 ? maxRight[s - 1] : 0, w == null ? Integer.MAX_VALUE : w.right());
        }
        for (int s = n - 1; s >= 0; s--) {
            PoissonWindow w = windows[order[s]];
            minLeft[s] = Math.min(s < n - 1 ? minLeft[s + 1] : Integer.MAX_VALUE,
                    w == null ? Integer.MAX_VALUE : w.left());
        }
        for (int j = 0; j < n; j++) {
            if (survival != null) {
                survival[j] = 0;
            }
            if (density != null) {
                density[j] = 0;
            }
            if (probabilities != null && probabilities[j] != null) {
                Arrays.fill(probabilities[j], 0);
            }
            if (visiting != null && visiting[j] != null) {
                Arrays.fill(visiting[j], 0);
            }
        }
        double stopFactor = Math.max(densityScale, Math.max(1, maxVisitingTime));
        int size = chain.size();
        double[] current = start.clone();
        double[] next = new double[size];
        double[] sums = new double[2];
        chain.sums(current, sums);
        int lo = 0;
        for (int k = 0; ; k++) {
            if (k > 0) {
                chain.step(current, next, sums);
                double[] swap = current;
                current = next;
                next = swap;
            }
            while (lo < n && maxRight[lo] < k) {
                lo++;
            }
            for (int s = lo; s < n; s++) {
                if (!anyVisiting && minLeft[s] > k) {
                    break;
                }
                int j = order[s];
                PoissonWindow w = windows[j];
                if (w == null) {
                    if (visiting != null && visiting[j] != null) {
                        addScaled(visiting[j], 1 / rate, current); // P(N_t > k) = 1 this far below Λt
                    }
                    continue;
                }
                if (w.right() < k) {
                    continue;
                }
                if (k >= w.left()) {
                    double weight = w.weight(k);
                    if (survival != null) {
                        survival[j] += weight * sums[0];
                    }
                    if (density != null) {
                        density[j] += weight * sums[1];
                    }
                    if (probabilities != null && probabilities[j] != null) {
                        addScaled(probabilities[j], weight, current);
                    }
                }
                if (exceedance[j] != null) {
                    double exceeds = k < w.left() ? 1.0 : exceedance[j][k - w.left()];
                    addScaled(visiting[j], exceeds / rate, current);
                }
            }
            if (k >= lastStep && !anyFar || sums[0] * stopFactor <= epsilon / 4) {
                break;
            }
            if (k >= MAX_STEPS) {
                throw new ParameterException("a time of Λ·t > " + PoissonWindow.MAX_MEAN + " uniformisation steps "
                        + "was requested and the chain still holds mass " + sums[0] + " after " + k + " steps; "
                        + "use times within " + PoissonWindow.MAX_MEAN / rate + " or rescale the rates");
            }
        }
    }

    private static void addScaled(double[] target, double factor, double[] x) {
        if (factor == 0) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            target[i] += factor * x[i];
        }
    }
}
