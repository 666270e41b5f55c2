package org.jphasic.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.io.GraphJson;

/** Loading graphs for commands, with θ and the discrete override. */
final class GraphCommands {
    private GraphCommands() {
    }

    /**
     * @param file     the graph file
     * @param theta    comma-separated θ, or null
     * @param discrete force a discrete reading
     * @return the constant graph to compute with
     */
    static Graph load(Path file, String theta, boolean discrete) {
        Graph g = GraphJson.read(file);
        if (discrete && !g.isDiscrete()) {
            g = asDiscrete(g);
        }
        if (g.isParameterized()) {
            if (theta == null) {
                throw new ParameterException(file + " is parameterized with " + g.parameterCount()
                        + " parameters; give them with --theta v1,v2,..");
            }
            return g.at(Arguments.numbers(theta, "--theta"));
        }
        if (theta != null) {
            throw new ParameterException(file + " is not parameterized; --theta does not apply");
        }
        return g;
    }

    /** The same graph with its weights read as jump probabilities. */
    static Graph asDiscrete(Graph g) {
        GraphBuilder b = new GraphBuilder(g.stateLength(), g.parameterCount()).discrete();
        for (int v = 1; v < g.vertexCount(); v++) {
            b.addVertex(g.state(v));
        }
        for (int v = 0; v < g.vertexCount(); v++) {
            for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                if (g.isEdgeParameterized(e)) {
                    b.addParameterizedEdge(v, g.edgeTarget(e), g.coefficients(e));
                } else {
                    b.addEdge(v, g.edgeTarget(e), g.edgeWeight(e));
                }
            }
        }
        return b.build();
    }

    static String render(Object value) {
        if (value instanceof double[] v) {
            return Output.vector(v);
        }
        if (value instanceof double[][] m) {
            StringBuilder sb = new StringBuilder();
            for (double[] row : m) {
                sb.append("\n  ").append(Output.vector(row));
            }
            return sb.toString();
        }
        if (value instanceof int[] v) {
            return Arrays.toString(v);
        }
        return String.valueOf(value);
    }
}
