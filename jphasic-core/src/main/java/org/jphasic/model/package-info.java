/**
 * Ready-made models: {@link org.jphasic.model.Coalescent} (lineage and block counting),
 * {@link org.jphasic.model.Rabbits}, {@link org.jphasic.model.TwoLocus},
 * {@link org.jphasic.model.IsolationWithMigration} (with its joint site frequency spectrum).
 */
package org.jphasic.model;
