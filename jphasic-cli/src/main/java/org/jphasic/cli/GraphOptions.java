package org.jphasic.cli;

import java.nio.file.Path;
import org.jphasic.graph.Graph;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The graph a command computes with: the file, θ for a parameterized graph, and the discrete override. */
final class GraphOptions {
    @Parameters(index = "0", paramLabel = "GRAPH", description = "Graph file (phasic JSON).")
    Path graphFile;

    @Option(names = "--theta", paramLabel = "V1,V2,..", description = "Parameters of a parameterized graph.")
    String theta;

    @Option(names = "--discrete", description = "Read the weights as jump probabilities of a discrete "
            + "phase-type distribution, whatever the file's is_discrete says.")
    boolean discrete;

    /** @return the constant graph to compute with ({@link GraphCommands#load}) */
    Graph load() {
        return GraphCommands.load(graphFile, theta, discrete);
    }
}
