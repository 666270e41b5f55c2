package org.jphasic.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.io.GraphJson;
import org.jphasic.moments.Moments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic moments GRAPH [--order K] [--reward FILE] [--theta ..] [--json]}. */
@Command(name = "moments", mixinStandardHelpOptions = true,
        description = {"Exact moments of a graph's absorption time or accumulated rewards, by elimination.",
            "With one reward vector: moments and variance of the reward; with several: also their covariance."})
final class MomentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions source;

    @Option(names = "--order", paramLabel = "K", defaultValue = "2",
            description = "Highest moment order (default ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--reward", paramLabel = "FILE",
            description = "JSON array of per-vertex rewards, or an array of such arrays.")
    Path rewardFile;

    @Option(names = "--json", description = "Print the result as JSON: moments, variance, covariance.")
    boolean json;

    @Override
    public Integer call() {
        if (order < 1) {
            throw new ParameterException("--order must be at least 1, got " + order);
        }
        Graph graph = source.load();
        Moments m = Moments.of(graph);
        Map<String, Object> result = new LinkedHashMap<>();
        if (rewardFile == null) {
            result.put("moments", m.moments(order));
            result.put("variance", m.variance());
        } else {
            double[][] rewards = Arguments.rewards(rewardFile, graph.vertexCount());
            if (rewards.length == 1) {
                result.put("moments", m.moments(order, rewards[0]));
                result.put("variance", m.variance(rewards[0]));
            } else {
                double[][] moments = new double[rewards.length][];
                double[] variances = new double[rewards.length];
                for (int i = 0; i < rewards.length; i++) {
                    moments[i] = m.moments(order, rewards[i]);
                    variances[i] = m.variance(rewards[i]);
                }
                result.put("moments", moments);
                result.put("variance", variances);
                result.put("covariance", m.covarianceMatrix(rewards));
            }
        }
        result.put("defect", graph.defect());
        if (graph.isDiscrete()) {
            result.put("risingFactorialMoments", m.risingFactorialMoments(order));
        }
        Output.result(spec.commandLine().getOut(), result, json);
        return 0;
    }
}
