package org.jphasic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.io.AtomicFiles;
import org.jphasic.io.GraphHash;
import org.jphasic.io.GraphJson;
import org.jphasic.io.TraceFile;
import org.jphasic.moments.Moments;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic trace record|eval}. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Records a parameterized graph's elimination trace once; evaluates it for any theta.",
        subcommands = {TraceCommand.Record.class, TraceCommand.Eval.class})
final class TraceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: give 'record' or 'eval' (see jphasic trace --help)");
    }

    /** {@code jphasic trace record GRAPH -o TRACE}. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Records the elimination trace of a graph and writes it to a trace file.")
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GRAPH", description = "Graph file (phasic JSON).")
        Path graphFile;

        @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true,
                description = "The trace file to write.")
        Path output;

        @Option(names = "--json", description = "Print key, operations, commands, units, cacheHits, "
                + "cacheMisses, strategy, seconds as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Graph graph = GraphJson.read(graphFile);
            long start = System.nanoTime();
            Trace trace = TraceRecorder.record(graph);
            double seconds = (System.nanoTime() - start) / 1e9;
            String key = GraphHash.of(graph).toString();
            byte[] bytes = TraceFile.toBytes(trace, key, true);
            AtomicFiles.writeBytes(output, bytes);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("key", key);
            result.put("operations", trace.size());
            result.put("commands", trace.commandCount());
            result.put("units", 1);
            result.put("cacheHits", 0);
            result.put("cacheMisses", 1);
            result.put("strategy", "sequential");
            result.put("seconds", seconds);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                out.printf("recorded %s: %d operations, %d commands in %.3f s%nwrote %s%n", key, trace.size(),
                        trace.commandCount(), seconds, output);
                out.flush();
            }
            return 0;
        }
    }

    /** {@code jphasic trace eval TRACE --theta ..}. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Evaluates a recorded trace at a parameter vector: moments and variance.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TRACE", description = "Trace file written by 'trace record'.")
        Path traceFile;

        @Option(names = "--theta", paramLabel = "V1,V2,..", description = "The parameters (empty for none).")
        String theta;

        @Option(names = "--order", paramLabel = "K", defaultValue = "2",
                description = "Highest moment order (default ${DEFAULT-VALUE}).")
        int order;

        @Option(names = "--reward", paramLabel = "FILE", description = "JSON array of per-vertex rewards.")
        Path rewardFile;

        @Option(names = "--json", description = "Print moments and variance as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (order < 1) {
                throw new ParameterException("--order must be at least 1, got " + order);
            }
            Trace trace = TraceFile.fromBytes(Files.readAllBytes(traceFile)).trace();
            double[] parameters = theta == null || theta.isBlank() && trace.parameterCount() == 0
                    ? new double[0] : Arguments.numbers(theta, "--theta");
            if (theta == null && trace.parameterCount() > 0) {
                throw new ParameterException(traceFile + " has " + trace.parameterCount()
                        + " parameters; give them with --theta v1,v2,..");
            }
            TraceEvaluator ev = new TraceEvaluator(trace);
            ev.evaluate(parameters);
            Moments m = ev.moments();
            Map<String, Object> result = new LinkedHashMap<>();
            if (rewardFile == null) {
                result.put("moments", m.moments(order));
                result.put("variance", m.variance());
            } else {
                double[][] rewards = Arguments.rewards(rewardFile, trace.vertexCount());
                if (rewards.length != 1) {
                    throw new ParameterException("trace eval takes one reward vector; " + rewardFile + " has "
                            + rewards.length);
                }
                result.put("moments", m.moments(order, rewards[0]));
                result.put("variance", m.variance(rewards[0]));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                for (Map.Entry<String, Object> e : result.entrySet()) {
                    out.println(e.getKey() + ": " + GraphCommands.render(e.getValue()));
                }
                out.flush();
            }
            return 0;
        }
    }
}
