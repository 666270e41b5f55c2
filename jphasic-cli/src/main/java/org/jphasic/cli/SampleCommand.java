package org.jphasic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.dist.Sampler;
import org.jphasic.graph.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic sample GRAPH -n N [--seed S] [--theta ..] [--reward FILE] [--threads T] [--json]}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Random absorption times (jump counts for a discrete graph) or accumulated rewards.",
            "The same seed gives the same samples whatever the number of threads."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions source;

    @Option(names = "-n", paramLabel = "N", required = true, description = "Number of samples.")
    int count;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: drawn at random and printed).")
    Long seed;

    @Option(names = "--reward", paramLabel = "FILE",
            description = "JSON array of per-vertex rewards (samples of the accumulated reward), or an array of "
                    + "such arrays (one sample vector per draw).")
    Path rewardFile;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Threads to sample on (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print samples (and the seed) as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (count < 0) {
            throw new ParameterException("-n must be non-negative, got " + count);
        }
        Graph graph = source.load();
        long s = seed != null ? seed : new SecureRandom().nextLong();
        Sampler sampler = Sampler.of(graph).threads(threads);
        Object samples;
        if (rewardFile == null) {
            samples = sampler.sample(count, s);
        } else {
            double[][] rewards = Arguments.rewards(rewardFile, graph.vertexCount());
            samples = rewards.length == 1 ? sampler.sample(count, s, rewards[0]) : sampler.sample(count, s, rewards);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("samples", samples);
        result.put("seed", s);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.println("seed: " + s);
            if (samples instanceof double[] v) {
                for (double x : v) {
                    out.println(x);
                }
            } else {
                for (double[] row : (double[][]) samples) {
                    out.println(Output.vector(row));
                }
            }
            out.flush();
        }
        return 0;
    }
}
