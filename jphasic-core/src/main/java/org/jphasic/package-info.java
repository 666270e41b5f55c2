/**
 * jphasic: phase-type distributions from state-space graphs.
 *
 * <p>The root package holds the exception hierarchy: {@link org.jphasic.PhasicException} and its subtypes.
 * Start with {@link org.jphasic.graph.StateSpace} to build a model, then {@link org.jphasic.moments.Moments}.
 */
package org.jphasic;
