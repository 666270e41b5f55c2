package org.jphasic.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.dist.ContinuousDistribution;
import org.jphasic.dist.DiscreteDistribution;
import org.jphasic.dist.EulerDistribution;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic pdf GRAPH --times t1,t2,.. [--theta ..] [--epsilon E | --granularity G] [--json]}. */
@Command(name = "pdf", mixinStandardHelpOptions = true,
        description = {"Density and distribution function of a graph's absorption time at the given times.",
            "Continuous graphs: exact uniformisation to --epsilon (default 1e-12), or the reference library's "
                    + "Euler approximation with --granularity. Discrete graphs: pmf and cdf at integer jump counts."})
final class PdfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions source;

    @Option(names = "--times", paramLabel = "T1,T2,..", required = true,
            description = "Comma-separated times (jump counts for a discrete graph).")
    String times;

    @Option(names = "--epsilon", paramLabel = "E",
            description = "Absolute error bound of the exact computation (default 1e-12).")
    Double epsilon;

    @Option(names = "--granularity", paramLabel = "G",
            description = "Use the Euler approximation with G steps per unit of time (phasic's numbers); "
                    + "0 for phasic's default 2·max(512, largest rate).")
    Double granularity;

    @Option(names = "--json", description = "Print times, pdf, cdf (pmf, cdf for a discrete graph) as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (epsilon != null && granularity != null) {
            throw new ParameterException("--epsilon and --granularity exclude each other: --epsilon sets the error "
                    + "bound of the exact computation, --granularity selects the Euler approximation");
        }
        Graph graph = source.load();
        double[] t = Arguments.numbers(times, "--times");
        Map<String, Object> result = new LinkedHashMap<>();
        if (graph.isDiscrete()) {
            if (epsilon != null || granularity != null) {
                throw new ParameterException("the graph is discrete: its pmf is exact, so --epsilon and "
                        + "--granularity do not apply");
            }
            int[] jumps = jumpCounts(t);
            double[] pmf = new double[jumps.length];
            double[] cdf = new double[jumps.length];
            DiscreteDistribution.of(graph).evaluate(jumps, pmf, cdf);
            result.put("times", jumps);
            result.put("pmf", pmf);
            result.put("cdf", cdf);
            result.put("method", "discrete recursion (exact)");
        } else {
            ContinuousDistribution d;
            if (granularity != null) {
                EulerDistribution euler = granularity == 0 ? EulerDistribution.of(graph)
                        : EulerDistribution.of(graph, granularity);
                result.put("method", "euler (approximation)");
                result.put("granularity", euler.granularity());
                d = euler;
            } else {
                double bound = epsilon == null ? Uniformization.DEFAULT_EPSILON : epsilon;
                Uniformization u = Uniformization.of(graph, bound);
                result.put("method", "uniformization (exact)");
                result.put("epsilon", u.epsilon());
                d = u;
            }
            double[] pdf = new double[t.length];
            double[] cdf = new double[t.length];
            d.evaluate(t, pdf, cdf);
            double largest = 0;
            for (double x : t) {
                largest = Math.max(largest, Math.max(d.densityErrorBound(x), d.probabilityErrorBound(x)));
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("times", t);
            ordered.put("pdf", pdf);
            ordered.put("cdf", cdf);
            ordered.putAll(result);
            ordered.put("errorBound", largest);
            result = ordered;
        }
        Output.result(spec.commandLine().getOut(), result, json);
        return 0;
    }

    private static int[] jumpCounts(double[] t) {
        int[] jumps = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] != Math.rint(t[i]) || t[i] > Integer.MAX_VALUE) {
                throw new ParameterException("--times entry " + (i + 1) + " is " + t[i] + "; a discrete graph needs "
                        + "non-negative integer jump counts");
            }
            jumps[i] = (int) t[i];
        }
        return jumps;
    }
}
