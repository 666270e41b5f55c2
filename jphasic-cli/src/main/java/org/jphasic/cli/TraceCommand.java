package org.jphasic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.TraceFormatException;
import org.jphasic.graph.Graph;
import org.jphasic.io.AtomicFiles;
import org.jphasic.io.GraphJson;
import org.jphasic.io.TraceFile;
import org.jphasic.moments.Moments;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceEvaluator;
import org.jphasic.trace.TraceJson;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.ExecutionReport;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic trace record|eval|export}. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Records a parameterized graph's elimination trace once; evaluates it for any theta.",
        subcommands = {TraceCommand.Record.class, TraceCommand.Eval.class, TraceCommand.Export.class})
final class TraceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: give 'record', 'eval' or 'export' (see jphasic trace --help)");
    }

    /** Reads a trace file; a damaged one is reported with its name. */
    static TraceFile.Contents readTrace(Path file) throws IOException {
        try {
            return TraceFile.read(file);
        } catch (TraceFormatException e) {
            throw new TraceFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@code jphasic trace record GRAPH [-o TRACE] [--strategy S] [--min-scc-size N] [--cache-dir D]}. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            description = {"Records the elimination trace of a graph per strongly connected component, fetching "
                + "every unit already in the trace cache, and optionally writes it to a trace file."})
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GRAPH", description = "Graph file (phasic JSON).")
        Path graphFile;

        @Option(names = {"-o", "--output"}, paramLabel = "TRACE", description = "The trace file to write.")
        Path output;

        @Mixin
        RecordingOptions recording;

        @Option(names = "--json", description = "Print key, operations, commands, units, cacheHits, "
                + "cacheMisses, strategy, seconds as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Graph graph = GraphJson.read(graphFile);
            TraceStore store = recording.store();
            RecordingResult r;
            try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
                r = HierarchicalRecorder.builder().minComponentSize(recording.minSccSize)
                        .execution(recording.settings()).store(store).progress(progress).build().record(graph);
            }
            Trace trace = r.trace();
            if (output != null) {
                AtomicFiles.writeBytes(output, TraceFile.toBytes(trace, r.key(), true));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("key", r.key());
            result.put("operations", trace.size());
            result.put("commands", trace.commandCount());
            result.put("units", r.units());
            result.put("cacheHits", r.cacheHits());
            result.put("cacheMisses", r.cacheMisses());
            result.put("strategy", r.strategy());
            result.put("seconds", r.seconds());
            ExecutionReport execution = r.execution();
            if (!execution.isEmpty()) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("unitsByMember", execution.unitsByMember());
                report.put("sharedCacheHits", execution.sharedCacheHits());
                report.put("retries", execution.retries());
                report.put("membersLost", execution.membersLost());
                result.put("execution", report);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                out.printf("recorded %s: %,d operations, %,d commands%n", r.key(), trace.size(),
                        trace.commandCount());
                out.printf("%d units (%d distinct): %d from the cache, %d recorded (%s) in %.3f s%n", r.units(),
                        r.distinctUnits(), r.cacheHits(), r.cacheMisses(), r.strategy(), r.seconds());
                if (!execution.isEmpty()) {
                    out.println(r.strategy() + ": " + execution);
                }
                if (output != null) {
                    out.println("wrote " + output);
                }
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
            Trace trace = readTrace(traceFile).trace();
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

    /** {@code jphasic trace export TRACE [-o FILE]}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a trace file as readable JSON (every tape operation, the reward program, the edge "
                    + "weight and vertex rate slots; layout in docs/FORMATS.md), to stdout or a file.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TRACE", description = "Trace file written by 'trace record'.")
        Path traceFile;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (atomically) instead "
                + "of to stdout.")
        Path output;

        @Override
        public Integer call() throws IOException {
            TraceFile.Contents contents = readTrace(traceFile);
            if (output != null) {
                AtomicFiles.write(output, out -> TraceJson.write(contents.trace(), contents.key(), out));
                spec.commandLine().getOut().println("wrote " + output);
                spec.commandLine().getOut().flush();
                return 0;
            }
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            TraceJson.write(contents.trace(), contents.key(), buffer);
            PrintWriter out = spec.commandLine().getOut();
            out.println(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
    }
}
