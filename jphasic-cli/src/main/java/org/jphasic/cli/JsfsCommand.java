package org.jphasic.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.model.IsolationWithMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic jsfs n1=N n2=N [N1=2 N2=1 N3=4 M1=0.005 M2=2 T=3] [--json]}. */
@Command(name = "jsfs", mixinStandardHelpOptions = true,
        description = {"Joint site frequency spectrum of the isolation-with-migration model, as expected branch "
                + "lengths: jsfs[i][j] carries i samples of population 1 and j of population 2.",
            "Parameters as for 'jphasic model im': n1=N n2=N [N1=2 N2=1 N3=4 M1=0.005 M2=2 T=3]."})
final class JsfsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY=VALUE", description = "Model parameters, e.g. n1=7 n2=7.")
    String[] arguments = new String[0];

    @Option(names = "--json", description = "Print jsfs, totalBranchLength, the phases' vertex counts and the "
            + "parameters as JSON.")
    boolean json;

    @Override
    public Integer call() {
        for (String a : arguments) {
            if (a.startsWith("phase=") || a.startsWith("parameterized=")) {
                throw new ParameterException("jsfs takes the model parameters n1 n2 N1 N2 N3 M1 M2 T only; '" + a
                        + "' selects a graph for 'jphasic model im'");
            }
        }
        Map<String, String> values = ModelCatalog.values("im", arguments);
        values.remove("phase");
        values.remove("parameterized");
        IsolationWithMigration im = ModelCatalog.isolationWithMigration(values);
        long start = System.nanoTime();
        Graph first;
        Graph ancestral;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            first = StateSpace.reportingTo(progress, im::twoPopulationGraph);
            ancestral = StateSpace.reportingTo(progress, im::ancestralGraph);
        }
        double[][] jsfs = im.jointSfs(first, ancestral);
        double seconds = (System.nanoTime() - start) / 1e9;
        double total = 0;
        for (double[] row : jsfs) {
            for (double x : row) {
                total += x;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jsfs", jsfs);
        result.put("totalBranchLength", total);
        result.put("twoPopulationVertices", first.vertexCount());
        result.put("ancestralVertices", ancestral.vertexCount());
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue().trim();
            parameters.put(e.getKey(), e.getKey().startsWith("n") ? (Object) Integer.parseInt(v)
                    : (Object) Double.parseDouble(v));
        }
        result.put("parameters", parameters);
        result.put("seconds", seconds);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
            return 0;
        }
        out.printf(Locale.ROOT, "%s: %,d + %,d vertices, %.2f s%n", im, first.vertexCount(),
                ancestral.vertexCount(), seconds);
        out.print("i\\j");
        for (int j = 0; j < jsfs[0].length; j++) {
            out.printf(Locale.ROOT, "%12d", j);
        }
        out.println();
        for (int i = 0; i < jsfs.length; i++) {
            out.printf(Locale.ROOT, "%3d", i);
            for (double x : jsfs[i]) {
                out.printf(Locale.ROOT, "%12.6f", x);
            }
            out.println();
        }
        out.printf(Locale.ROOT, "total branch length: %.6f%n", total);
        out.flush();
        return 0;
    }
}
