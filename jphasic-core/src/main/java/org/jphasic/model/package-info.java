/**
 * Ready-made models: {@link org.jphasic.model.Coalescent} (lineage and block counting),
 * {@link org.jphasic.model.Rabbits}, {@link org.jphasic.model.TwoLocus}.
 */
package org.jphasic.model;
