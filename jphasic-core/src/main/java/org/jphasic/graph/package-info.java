/**
 * State-space graphs: the immutable compact {@link org.jphasic.graph.Graph}, its
 * {@link org.jphasic.graph.GraphBuilder}, and {@link org.jphasic.graph.StateSpace} exploration from a
 * {@link org.jphasic.graph.TransitionFunction}.
 */
package org.jphasic.graph;
