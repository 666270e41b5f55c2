package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jphasic.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * Progress reports of SVGD and of {@link Inference}: task name, monotone counts, total = the iteration cap, the
 * last report = the iterations actually run (at the cap and when the fixed-point criterion stops the run early),
 * throttling on long runs, null rejected, and results bit-identical with and without a listener.
 */
class SvgdProgressTest {
    /** Every report, in order. */
    private static final class Recorder implements ProgressListener {
        final List<String> tasks = new ArrayList<>();
        final List<Long> done = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();

        @Override
        public void update(String task, long done, long total) {
            tasks.add(task);
            this.done.add(done);
            totals.add(total);
        }

        long last() {
            return done.get(done.size() - 1);
        }
    }

    private static void assertWellFormed(Recorder reports, int cap, int iterationsRun) {
        assertThat(reports.tasks).isNotEmpty().containsOnly("SVGD iterations");
        assertThat(reports.totals).containsOnly((long) cap);
        assertThat(reports.done.get(0)).as("first report").isZero();
        assertThat(reports.done).as("done is monotone").isSorted();
        assertThat(reports.done).as("done stays within [0, cap]").allMatch(d -> d >= 0 && d <= cap);
        assertThat(reports.last()).as("last report").isEqualTo(iterationsRun);
        assertThat(reports.done.size()).as("number of reports").isLessThanOrEqualTo(202);
    }

    private static double[][] start(int n, double offset) {
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = offset + 0.5 * (i - 0.5 * (n - 1)) / n;
        }
        return x;
    }

    @Test
    void reportsEveryIterationOfAShortRunUpToTheCap() {
        Recorder reports = new Recorder();
        SvgdResult r = Svgd.builder(SvgdTest.standardNormal()).initialParticles(start(10, 3)).iterations(40)
                .stopping(0, 1).progress(reports).build().run();
        assertThat(r.converged()).isFalse();
        assertThat(r.iterations()).isEqualTo(40);
        assertWellFormed(reports, 40, 40);
        // short runs are not thinned: 0, 1, ..., 40, each once
        assertThat(reports.done).hasSize(41).doesNotHaveDuplicates();
    }

    @Test
    void longRunsAreThrottledToAFewHundredReports() {
        Recorder reports = new Recorder();
        SvgdResult r = Svgd.builder(SvgdTest.standardNormal()).particles(4).seed(5).iterations(10_000)
                .stopping(0, 1).historySnapshots(0).progress(reports).build().run();
        assertThat(r.iterations()).isEqualTo(10_000);
        assertWellFormed(reports, 10_000, 10_000);
        assertThat(reports.done.size()).isBetween(100, 202);
        assertThat(reports.done).doesNotHaveDuplicates();
    }

    @Test
    void lastReportIsTheIterationCountWhenTheRunStopsEarly() {
        Recorder reports = new Recorder();
        // a generous tolerance: the fixed-point criterion stops the run long before the cap
        SvgdResult r = Svgd.builder(SvgdTest.standardNormal()).particles(20).seed(11).iterations(5000)
                .stopping(0.5, 5).progress(reports).build().run();
        assertThat(r.converged()).as("stopped by the fixed-point criterion").isTrue();
        assertThat(r.iterations()).isLessThan(5000);
        assertWellFormed(reports, 5000, r.iterations());
        assertThat(reports.done).doesNotHaveDuplicates();
    }

    @Test
    void theListenerDoesNotChangeTheParticles() {
        SvgdResult without = Svgd.builder(SvgdTest.gaussian2(1, -2, 1, 0.5, 0.6)).particles(30).seed(42)
                .iterations(300).build().run();
        Recorder reports = new Recorder();
        SvgdResult with = Svgd.builder(SvgdTest.gaussian2(1, -2, 1, 0.5, 0.6)).particles(30).seed(42)
                .iterations(300).progress(reports).build().run();
        assertThat(reports.done).isNotEmpty();
        assertThat(with.iterations()).isEqualTo(without.iterations());
        assertBitIdentical(with.particles(), without.particles());
    }

    @Test
    void inferenceReportsSvgdIterationsAndGivesTheSameParticles() {
        double[] times = {0.1, 0.25, 0.4, 0.05, 0.3, 0.6, 0.15, 0.2, 0.35, 0.12};
        Recorder reports = new Recorder();
        InferenceResult with = Inference.builder(InferenceAcceptanceTest.erlang(1), times).prior(Priors.gamma(2, 1))
                .particles(8).iterations(60).seed(3).progress(reports).build().run();
        InferenceResult without = Inference.builder(InferenceAcceptanceTest.erlang(1), times)
                .prior(Priors.gamma(2, 1)).particles(8).iterations(60).seed(3).build().run();
        assertWellFormed(reports, 60, with.iterations());
        assertBitIdentical(with.unconstrained(), without.unconstrained());
        assertBitIdentical(with.particles(), without.particles());
    }

    @Test
    void nullListenerIsRejected() {
        assertThatThrownBy(() -> Svgd.builder(SvgdTest.standardNormal()).progress(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ProgressListener.NONE");
        assertThatThrownBy(() -> Inference.builder(InferenceAcceptanceTest.erlang(1), new double[] {1})
                .progress(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ProgressListener.NONE");
    }

    private static void assertBitIdentical(double[][] a, double[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i].length).isEqualTo(b[i].length);
            for (int c = 0; c < a[i].length; c++) {
                assertThat(Double.doubleToRawLongBits(a[i][c])).as("particle %d, coordinate %d", i, c)
                        .isEqualTo(Double.doubleToRawLongBits(b[i][c]));
            }
        }
    }
}
