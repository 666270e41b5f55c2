package org.jphasic.bench;

import java.util.Locale;
import org.jphasic.dist.ContinuousDistribution;
import org.jphasic.dist.EulerDistribution;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import org.jphasic.model.Coalescent;
import org.jphasic.model.IsolationWithMigration;
import org.jphasic.model.Rabbits;

/**
 * The distribution-function rows of docs/BENCHMARKS.md, against the paper's figures (Røikjer, Hobolth &amp; Munch
 * 2022, Fig. 4D/H and §4; one core of a laptop i7): the CDF at 100 points up to F = 0.95 for rabbits n = 100 and
 * the block-counting coalescent n = 24 (paper: 2.7 s and 2.9 s with the Euler scheme at g = 10,000), by exact
 * uniformisation and by the Euler scheme at g = 10,000; and the isolation-with-migration joint SFS for 7 + 7
 * samples end to end, both state spaces built (paper: 35 s). Medians of repeated runs after warm-up, one thread.
 *
 * <pre>
 * java -cp jphasic-bench/target/jphasic-bench.jar org.jphasic.bench.Driver dist
 * </pre>
 */
final class DistributionBenchmarks {
    private DistributionBenchmarks() {
    }

    /** Prints the table. */
    static void print() {
        System.out.println("| task | vertices | edges | method | median (s) | paper (s) | max \\|Euler − exact\\| |");
        System.out.println("|---|---:|---:|---|---:|---:|---:|");
        cdfRows("rabbits n=100, cdf at 100 points", Rabbits.graph(100, 2, 4), 2.7);
        cdfRows("coalescent n=24, cdf at 100 points", Coalescent.blockCounting(24), 2.9);
        jointSfsRow();
        System.out.println();
    }

    private static void cdfRows(String task, Graph g, double paper) {
        double[] times = gridToQuantile(g, 0.95, 100);
        Uniformization exact = Uniformization.of(g);
        EulerDistribution euler = EulerDistribution.of(g, 10_000);
        double uniformization = Driver.median(3, 9, 1, () -> exact.cdf(times)[99]);
        double eulerSeconds = Driver.median(1, 5, 1, () -> euler.cdf(times)[99]);
        double[] a = exact.cdf(times);
        double[] b = euler.cdf(times);
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference = Math.max(difference, Math.abs(a[i] - b[i]));
        }
        row(task, g, "uniformization, ε = 1e-12", uniformization, paper, "");
        row(task, g, "Euler, g = 10,000", eulerSeconds, paper, String.format(Locale.ROOT, "%.1e", difference));
    }

    private static void jointSfsRow() {
        IsolationWithMigration im = IsolationWithMigration.paper(7, 7);
        Graph first = im.twoPopulationGraph();
        double seconds = Driver.median(1, 3, 1, () -> {
            IsolationWithMigration model = IsolationWithMigration.paper(7, 7);
            return model.jointSfs(model.twoPopulationGraph(), model.ancestralGraph())[1][0];
        });
        row("IM 7+7 joint SFS, end to end", first, "build both phases + uniformization to T + elimination",
                seconds, 35, "");
    }

    private static void row(String task, Graph g, String method, double seconds, double paper, String note) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %.3f | %.1f | %s |%n", task, g.vertexCount(),
                g.edgeCount(), method, seconds, paper, note);
    }

    /** {@code count} equally spaced times from 0 to the {@code level}-quantile (by bisection on the exact cdf). */
    private static double[] gridToQuantile(Graph g, double level, int count) {
        ContinuousDistribution d = Uniformization.of(g);
        double hi = 1;
        while (d.cdf(hi) < level) {
            hi *= 2;
        }
        double lo = 0;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (d.cdf(mid) < level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] times = new double[count];
        for (int i = 0; i < count; i++) {
            times[i] = hi * (i + 1) / count;
        }
        return times;
    }
}
