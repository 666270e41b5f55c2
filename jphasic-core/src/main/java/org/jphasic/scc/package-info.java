/**
 * Strongly connected components and the condensation DAG: {@link org.jphasic.scc.Components}.
 */
package org.jphasic.scc;
