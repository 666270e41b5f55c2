package org.jphasic.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.io.GraphJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic model NAME [key=value ...] [-o FILE]}. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Writes a built-in model's graph as phasic-compatible JSON.",
            "Models: coalescent n=N | sfs-coalescent n=N | rabbits n=N [left=2 right=4] | two-locus [rho=1] |",
            "  im n1=N n2=N [N1=2 N2=1 N3=4 M1=0.005 M2=2 T=3 phase=two-population|ancestral];",
            "each also takes parameterized=true for its parameterized form."})
final class ModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
    String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Model parameters, e.g. n=10.")
    String[] arguments = new String[0];

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the graph to FILE (atomically) instead of standard output.")
    Path output;

    @Option(names = "--json", description = "With -o, print a JSON summary of what was written.")
    boolean json;

    @Override
    public Integer call() {
        Graph g;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            g = StateSpace.reportingTo(progress, () -> ModelCatalog.build(name, arguments));
        }
        if (output == null) {
            spec.commandLine().getOut().println(GraphJson.toJson(g));
            spec.commandLine().getOut().flush();
            return 0;
        }
        GraphJson.write(g, output);
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", output.toString());
            result.put("vertices", g.vertexCount());
            result.put("edges", g.edgeCount());
            result.put("parameters", g.parameterCount());
            Output.json(spec.commandLine().getOut(), result);
        } else {
            spec.commandLine().getOut().println("wrote " + name + ": " + g.vertexCount() + " vertices, "
                    + g.edgeCount() + " edges" + (g.isParameterized() ? ", " + g.parameterCount() + " parameters" : "")
                    + " to " + output);
        }
        return 0;
    }
}
