package org.jphasic.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jphasic.graph.Graph;
import org.jphasic.model.Coalescent;
import org.jphasic.moments.Moments;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic demo}: the main job on the embedded default, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the main job end to end: the block-counting coalescent, its expected site "
                + "frequency spectrum and TMRCA moments, and a recorded trace evaluated over a theta grid.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--samples", defaultValue = "30", paramLabel = "N",
            description = "Sample size of the coalescent (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Graph g = Coalescent.blockCounting(samples);
        long t1 = System.nanoTime();
        Moments m = Moments.of(g);
        double[] tmrca = m.moments(3);
        long t2 = System.nanoTime();
        out.printf("Block-counting coalescent, n = %d: %,d states, %,d transitions (built in %.2f s)%n", samples,
                g.vertexCount(), g.edgeCount(), (t1 - t0) / 1e9);
        out.printf("TMRCA: E = %.6f (exact 2(1-1/n) = %.6f), Var = %.6f, E[T^3] = %.6f  (%.3f s)%n", tmrca[0],
                2 * (1 - 1.0 / samples), tmrca[1] - tmrca[0] * tmrca[0], tmrca[2], (t2 - t1) / 1e9);
        double[][] sfs = Coalescent.sfsRewards(g);
        out.println("Expected site frequency spectrum E[xi_i] (branch length carrying i samples; exact 2/i):");
        for (int i = 0; i < Math.min(sfs.length, 10); i++) {
            out.printf("  i = %2d: %.6f  (2/i = %.6f)%n", i + 1, m.expectation(sfs[i]), 2.0 / (i + 1));
        }
        if (sfs.length > 10) {
            out.printf("  ... (%d more)%n", sfs.length - 10);
        }
        Graph parameterized = Coalescent.blockCountingParameterized(samples);
        long t3 = System.nanoTime();
        Trace trace = TraceRecorder.record(parameterized);
        long t4 = System.nanoTime();
        TraceEvaluator ev = new TraceEvaluator(trace);
        out.printf("Recorded the parameterized trace: %,d operations, %,d commands (%.3f s)%n", trace.size(),
                trace.commandCount(), (t4 - t3) / 1e9);
        out.println("E[TMRCA] over a grid of coalescence rates theta (from the trace, exact 2(1-1/n)/theta):");
        for (double theta : new double[] {0.5, 1, 2, 4}) {
            ev.evaluate(new double[] {theta});
            out.printf("  theta = %-4s E = %.6f%n", theta, ev.moments().expectation());
        }
        out.flush();
        return 0;
    }
}
