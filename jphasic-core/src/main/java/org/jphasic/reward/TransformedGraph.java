package org.jphasic.reward;

import org.jphasic.graph.Graph;

/**
 * The result of a reward transformation: a graph whose absorption time is the accumulated reward, and for each
 * of its vertices the vertex of the original graph it stands for (auxiliary vertices of a discrete
 * transformation point to the vertex whose reward they spell out).
 *
 * @param graph          the transformed graph
 * @param originalVertex for each vertex of {@code graph}, the original vertex index
 */
public record TransformedGraph(Graph graph, int[] originalVertex) {
    /**
     * @param graph          the transformed graph
     * @param originalVertex the original vertex of each transformed vertex; copied
     */
    public TransformedGraph {
        originalVertex = originalVertex.clone();
    }

    /** @return a copy of the vertex mapping */
    @Override
    public int[] originalVertex() {
        return originalVertex.clone();
    }
}
