package org.jphasic.trace;

import org.jphasic.graph.Graph;
import org.jphasic.moments.Elimination;
import org.jphasic.moments.EliminationInput;
import org.jphasic.scc.Components;

/**
 * What a trace is recorded from: a graph to eliminate (owned vertices and exits, see {@link EliminationInput})
 * with the weight of every edge, constant or a coefficient vector. A whole {@link Graph} is one
 * ({@link #of(Graph)}); a work unit of the hierarchical recorder is another.
 */
public interface TraceSource extends EliminationInput {
    /** @return the number of edges */
    int edgeCount();

    /** @return the length of θ */
    int parameterCount();

    /** @return whether the weights are jump probabilities of a discrete distribution */
    boolean isDiscrete();

    /**
     * @param edge an edge
     * @return whether its weight is c·θ
     */
    boolean isEdgeParameterized(int edge);

    /**
     * @param edge a constant edge
     * @return its weight
     */
    double edgeWeight(int edge);

    /**
     * @param edge  a parameterized edge
     * @param index a parameter index
     * @return the coefficient of θ[index]
     */
    double coefficient(int edge, int index);

    /**
     * A whole graph as a trace source.
     *
     * @param graph the graph
     * @return a view of it
     */
    static TraceSource of(Graph graph) {
        EliminationInput input = Elimination.input(graph);
        return new TraceSource() {
            @Override
            public int vertexCount() {
                return graph.vertexCount();
            }

            @Override
            public int edgeStart(int vertex) {
                return graph.edgeStart(vertex);
            }

            @Override
            public int edgeEnd(int vertex) {
                return graph.edgeEnd(vertex);
            }

            @Override
            public int edgeTarget(int edge) {
                return graph.edgeTarget(edge);
            }

            @Override
            public boolean isOwned(int vertex) {
                return true;
            }

            @Override
            public int startVertex() {
                return input.startVertex();
            }

            @Override
            public Components components() {
                return graph.components();
            }

            @Override
            public int edgeCount() {
                return graph.edgeCount();
            }

            @Override
            public int parameterCount() {
                return graph.parameterCount();
            }

            @Override
            public boolean isDiscrete() {
                return graph.isDiscrete();
            }

            @Override
            public boolean isEdgeParameterized(int edge) {
                return graph.isEdgeParameterized(edge);
            }

            @Override
            public double edgeWeight(int edge) {
                return graph.edgeWeight(edge);
            }

            @Override
            public double coefficient(int edge, int index) {
                return graph.coefficient(edge, index);
            }
        };
    }
}
