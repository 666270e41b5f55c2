package org.jphasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.infer.Inference;
import org.jphasic.infer.InferenceResult;
import org.jphasic.infer.Prior;
import org.jphasic.infer.Priors;
import org.jphasic.infer.StepSchedule;
import org.jphasic.infer.Transform;
import org.jphasic.io.GraphJson;
import org.jphasic.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jphasic infer GRAPH --data FILE [--reward FILE] [--prior SPEC ...] [--particles N] [--iterations N]
 * [--seed S]}.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Posterior of a parameterized graph's theta from observed absorption times (jump counts "
                + "for a discrete graph; accumulated rewards with --reward), by Stein variational gradient descent on the exact likelihood (a progress "
                + "bar of the iterations on stderr when it is a terminal).",
            "Priors are stated in theta-space: gamma:shape,rate | lognormal:mu,sigma | uniform:a,b | "
                    + "normal:mu,sigma | exponential:rate (one per parameter, or one for all)."})
final class InferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRAPH", description = "Parameterized graph file (phasic JSON).")
    Path graphFile;

    @Option(names = "--data", paramLabel = "FILE", required = true,
            description = "JSON array of observed absorption times (or jump counts), or the output of "
                    + "'jphasic sample --json'.")
    Path dataFile;

    @Option(names = "--reward", paramLabel = "FILE",
            description = "JSON array of per-vertex rewards: the data are then accumulated rewards (reward totals "
                    + "for a discrete graph), not absorption times.")
    Path rewardFile;

    @Option(names = "--prior", paramLabel = "SPEC", description = "Prior in theta-space (default lognormal:0,1); "
            + "repeat once per parameter, or give one for all.")
    List<String> priors = new ArrayList<>();

    @Option(names = "--transform", paramLabel = "SPEC", description = "log | softplus | logit:a,b | identity "
            + "(default: log for positive priors, logit for uniform ones); one for all or one per parameter.")
    List<String> transforms = new ArrayList<>();

    @Option(names = "--particles", paramLabel = "N", defaultValue = "50",
            description = "Number of particles (default ${DEFAULT-VALUE}).")
    int particles;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000",
            description = "Iteration cap (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the likelihood (default: one per core; results do not depend on it).")
    int threads;

    @Option(names = "--step", paramLabel = "FIRST,LAST", defaultValue = "0.05,0.0005",
            description = "Step size in the unconstrained space, decaying geometrically (default ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--moments", paramLabel = "K", defaultValue = "0",
            description = "Also match the first K sample moments (a penalty; 0 = off).")
    int moments;

    @Option(names = "--moment-weight", paramLabel = "W", defaultValue = "1",
            description = "Weight of the moment-matching penalty (default ${DEFAULT-VALUE}).")
    double momentWeight;

    @Option(names = "--plots", paramLabel = "PREFIX",
            description = "Write PREFIX-trajectories-thetaK.png and PREFIX-posterior-thetaK.png.")
    String plots;

    @Option(names = "--plot-format", paramLabel = "FORMAT", defaultValue = "png",
            description = "Format of the --plots files: png or svg (default ${DEFAULT-VALUE}).")
    String plotFormat;

    @Option(names = "--json", description = "Print mean, sd, correlation, particles, iterations (and more) as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!plotFormat.equals("png") && !plotFormat.equals("svg")) {
            throw new ParameterException("--plot-format is '" + plotFormat + "'; use png or svg");
        }
        Graph graph = GraphJson.read(graphFile);
        int d = graph.parameterCount();
        if (d == 0) {
            throw new ParameterException(graphFile + " has no parameters to infer");
        }
        double[] data = readData(dataFile, graph.isDiscrete());
        List<Prior> priorList = perParameter(priors.isEmpty() ? List.of("lognormal:0,1") : priors, d, "--prior")
                .stream().map(Priors::parse).toList();
        double[] steps = Arguments.numbers(step, "--step");
        if (steps.length != 2 || !(steps[0] > 0) || !(steps[1] > 0)) {
            throw new ParameterException("--step needs two positive numbers FIRST,LAST, got " + step);
        }
        Inference.Builder builder = Inference.builder(graph, data).priors(priorList).particles(particles)
                .iterations(iterations).seed(seed)
                .threads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)
                .stepSchedule(StepSchedule.geometric(steps[0], steps[1]));
        if (rewardFile != null) {
            double[][] rewards = Arguments.rewards(rewardFile, graph.vertexCount());
            if (rewards.length != 1) {
                throw new ParameterException("reward file " + rewardFile + " holds " + rewards.length + " reward "
                        + "vectors; infer takes one (a JSON array with one reward per vertex)");
            }
            builder.rewards(rewards[0]);
        }
        if (!transforms.isEmpty()) {
            builder.transforms(perParameter(transforms, d, "--transform").stream().map(Transform::parse).toList());
        }
        if (moments > 0) {
            builder.momentMatching(moments, momentWeight);
        }
        InferenceResult r;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            r = builder.progress(progress).build().run();
        }
        if (plots != null) {
            for (int k = 0; k < d; k++) {
                double[][] history = new double[r.history().size()][];
                for (int s = 0; s < history.length; s++) {
                    double[][] snapshot = r.history().get(s);
                    history[s] = new double[snapshot.length];
                    for (int i = 0; i < snapshot.length; i++) {
                        history[s][i] = snapshot[i][k];
                    }
                }
                String name = "theta" + (k + 1);
                Plots.trajectories(Path.of(plots + "-trajectories-" + name + "." + plotFormat),
                        "SVGD particle trajectories, " + name, name, r.historyIterations(), history);
                double[] column = new double[r.particles().length];
                for (int i = 0; i < column.length; i++) {
                    column[i] = r.particles()[i][k];
                }
                Plots.marginal(Path.of(plots + "-posterior-" + name + "." + plotFormat),
                        "Marginal posterior of " + name + " (" + priorList.get(k).spec() + " prior)", name, column);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mean", r.mean());
        result.put("sd", r.sd());
        result.put("correlation", r.correlation());
        result.put("hpd95Lower", r.hpdLower());
        result.put("hpd95Upper", r.hpdUpper());
        result.put("map", r.map());
        result.put("iterations", r.iterations());
        result.put("converged", r.converged());
        result.put("steinDiscrepancy", r.steinDiscrepancy());
        result.put("seconds", r.seconds());
        result.put("particles", r.particles());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.printf("%d particles, %d iterations (%s), %.2f s%n", particles, r.iterations(),
                    r.converged() ? "converged" : "iteration cap", r.seconds());
            for (int k = 0; k < d; k++) {
                out.printf("theta%d: mean %.6g  sd %.4g  95%% HPD [%.5g, %.5g]%n", k + 1, r.mean()[k], r.sd()[k],
                        r.hpdLower()[k], r.hpdUpper()[k]);
            }
            if (d > 1) {
                out.println("correlation: " + GraphCommands.render(r.correlation()));
            }
            out.flush();
        }
        return 0;
    }

    private static List<String> perParameter(List<String> specs, int d, String option) {
        if (specs.size() == 1) {
            return java.util.Collections.nCopies(d, specs.get(0));
        }
        if (specs.size() != d) {
            throw new ParameterException(option + " was given " + specs.size() + " times; give it once (for all "
                    + "parameters) or once per parameter (" + d + ")");
        }
        return specs;
    }

    static double[] readData(Path file, boolean discrete) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ParameterException("cannot read data file " + file + ": " + e.getMessage()
                    + ". Give a JSON array of observed times");
        }
        if (root != null && root.isObject() && root.has("samples")) {
            root = root.get("samples"); // the output of jphasic sample --json
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new ParameterException("data file " + file + " must hold a non-empty JSON array of numbers (or "
                    + "the {\"samples\": [...]} object that jphasic sample --json writes)");
        }
        double[] x = new double[root.size()];
        for (int i = 0; i < x.length; i++) {
            JsonNode v = root.get(i);
            if (!v.isNumber() || !(v.asDouble() >= 0) || !Double.isFinite(v.asDouble())) {
                throw new ParameterException("data file " + file + " entry " + i + " is " + v
                        + "; observations must be finite non-negative " + (discrete ? "jump counts" : "times"));
            }
            x[i] = v.asDouble();
        }
        return x;
    }
}
