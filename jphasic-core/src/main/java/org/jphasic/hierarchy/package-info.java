/**
 * Hierarchical trace recording per strongly connected component: {@link org.jphasic.hierarchy.UnitPlanner}
 * cuts a graph into relocatable {@link org.jphasic.hierarchy.WorkUnit}s and
 * {@link org.jphasic.hierarchy.HierarchicalRecorder} records, caches and stitches them.
 */
package org.jphasic.hierarchy;
