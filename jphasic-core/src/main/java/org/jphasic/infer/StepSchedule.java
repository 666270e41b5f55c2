package org.jphasic.infer;

/**
 * The step size ε_t of iteration t (in φ units: with a normalising optimizer it is a length in parameter space).
 */
@FunctionalInterface
public interface StepSchedule {
    /**
     * @param iteration t, from 0
     * @param total     the iteration cap
     * @return ε_t
     */
    double step(int iteration, int total);

    /**
     * @param epsilon the step
     * @return a constant schedule
     */
    static StepSchedule constant(double epsilon) {
        return (t, total) -> epsilon;
    }

    /**
     * Geometric decay from {@code first} at t = 0 to {@code last} at the last iteration.
     *
     * @param first the first step
     * @param last  the last step
     * @return the schedule
     */
    static StepSchedule geometric(double first, double last) {
        return (t, total) -> total <= 1 ? first : first * Math.pow(last / first, (double) t / (total - 1));
    }

    /**
     * phasic's exponential decay ε_t = first·e^{−t/τ} + last·(1 − e^{−t/τ}).
     *
     * @param first the first step
     * @param last  the limit
     * @param tau   the decay time in iterations
     * @return the schedule
     */
    static StepSchedule exponential(double first, double last, double tau) {
        return (t, total) -> {
            double decay = Math.exp(-t / tau);
            return first * decay + last * (1 - decay);
        };
    }
}
