package org.jphasic.testing;

import java.util.HashMap;
import java.util.Map;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;

/**
 * Small hand-written graphs for acceptance tests, written the way acceptance-values.md writes them: named
 * vertices ({@code "A"}, {@code "B"}, {@code "abs"}), start edges, rates. The i-th name becomes vertex i + 1
 * with state [i + 1], so a reward vector in the table's order (S, A, B, …) is already in vertex order.
 *
 * <pre>{@code
 * Graph g = NamedGraph.continuous("A", "B", "abs")
 *         .start("A", 1).edge("A", "B", 4).edge("B", "abs", 10).build();
 * }</pre>
 */
public final class NamedGraph {
    private final GraphBuilder builder;
    private final Map<String, Integer> vertices = new HashMap<>();

    private NamedGraph(GraphBuilder builder, String... names) {
        this.builder = builder;
        for (int i = 0; i < names.length; i++) {
            vertices.put(names[i], builder.addVertex(new int[] {i + 1}));
        }
    }

    /** A continuous graph with the given transient and absorbing vertices, in vertex order. */
    public static NamedGraph continuous(String... names) {
        return new NamedGraph(new GraphBuilder(1), names);
    }

    /** A discrete graph: weights are jump probabilities. */
    public static NamedGraph discrete(String... names) {
        return new NamedGraph(new GraphBuilder(1).discrete(), names);
    }

    /** A graph whose edges may have weight c·θ with θ of length {@code parameterCount}. */
    public static NamedGraph parameterized(int parameterCount, String... names) {
        return new NamedGraph(new GraphBuilder(1, parameterCount), names);
    }

    /** The vertex index of a name. */
    public int vertex(String name) {
        Integer v = vertices.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no vertex named " + name);
        }
        return v;
    }

    /** Adds an initial probability. */
    public NamedGraph start(String to, double probability) {
        builder.addEdge(Graph.START, vertex(to), probability);
        return this;
    }

    /** Adds a constant edge. */
    public NamedGraph edge(String from, String to, double weight) {
        builder.addEdge(vertex(from), vertex(to), weight);
        return this;
    }

    /** Adds a parameterized edge, weight c·θ. */
    public NamedGraph parameterizedEdge(String from, String to, double... coefficients) {
        builder.addParameterizedEdge(vertex(from), vertex(to), coefficients);
        return this;
    }

    /** Builds (and validates) the graph. */
    public Graph build() {
        return builder.build();
    }
}
