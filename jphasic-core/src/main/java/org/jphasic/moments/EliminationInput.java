package org.jphasic.moments;

import org.jphasic.scc.Components;

/**
 * A directed graph to eliminate, in compressed sparse row form. <em>Owned</em> vertices are eliminated; the
 * others are exits, already solved downstream, that owned vertices may have edges to. A whole graph owns every
 * vertex; a work unit of the hierarchical recorder owns one component and sees its downstream neighbours as
 * exits.
 */
public interface EliminationInput {
    /** @return the number of vertices, owned or not */
    int vertexCount();

    /**
     * @param vertex a vertex
     * @return the index of its first out-edge
     */
    int edgeStart(int vertex);

    /**
     * @param vertex a vertex
     * @return one past the index of its last out-edge
     */
    int edgeEnd(int vertex);

    /**
     * @param edge an edge
     * @return its target
     */
    int edgeTarget(int edge);

    /**
     * @param vertex a vertex
     * @return whether it is eliminated here (otherwise it is an exit)
     */
    boolean isOwned(int vertex);

    /**
     * @return the starting vertex, whose edges are initial probabilities, or -1 if it is not part of the input
     */
    int startVertex();

    /**
     * @return the strongly connected components, numbered upstream first
     */
    Components components();
}
