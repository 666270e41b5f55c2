package org.jphasic.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.dist.DiscreteDistribution;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import org.jphasic.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic plot GRAPH --times a:b:n -o FILE.png|.svg [--theta ..]}. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plots the density and distribution function of a graph's absorption time (pmf and cdf "
                + "of a discrete graph) as PNG or SVG.", "Values are exact (uniformisation, error below 1e-12)."})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions source;

    @Option(names = "--times", paramLabel = "A:B:N", required = true,
            description = "N evenly spaced times from A to B (jump counts are rounded for a discrete graph).")
    String times;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The plot file, ending in .png or .svg.")
    Path output;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: from the file name).")
    String title;

    @Override
    public Integer call() throws IOException {
        Graph graph = source.load();
        double[] grid = grid(times);
        String name = source.graphFile.getFileName().toString();
        if (graph.isDiscrete()) {
            int[] jumps = new int[grid.length];
            double[] x = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                jumps[i] = (int) Math.round(grid[i]);
                x[i] = jumps[i];
            }
            double[] pmf = new double[jumps.length];
            double[] cdf = new double[jumps.length];
            DiscreteDistribution.of(graph).evaluate(jumps, pmf, cdf);
            Plots.distribution(output, title != null ? title : "Number of jumps to absorption: " + name,
                    "number of jumps k", x, pmf, cdf, true);
        } else {
            double[] pdf = new double[grid.length];
            double[] cdf = new double[grid.length];
            Uniformization.of(graph).evaluate(grid, pdf, cdf);
            Plots.distribution(output, title != null ? title : "Time to absorption: " + name, "time t", grid, pdf,
                    cdf, false);
        }
        spec.commandLine().getOut().println("wrote " + output);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Parses {@code a:b:n}. */
    static double[] grid(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new ParameterException("--times is '" + text + "'; expected A:B:N, e.g. 0:10:200");
        }
        double[] ab = Arguments.numbers(parts[0] + "," + parts[1], "--times");
        int n;
        try {
            n = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new ParameterException("--times point count '" + parts[2] + "' is not a whole number");
        }
        if (n < 2 || n > 1_000_000 || !(ab[1] > ab[0]) || ab[0] < 0) {
            throw new ParameterException("--times " + text + ": need 0 <= A < B and 2 <= N <= 1000000");
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = ab[0] + (ab[1] - ab[0]) * i / (n - 1);
        }
        return t;
    }
}
