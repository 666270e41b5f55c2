/**
 * Distribution functions, sampling and state probabilities of phase-type graphs.
 *
 * <p>Continuous graphs: {@link org.jphasic.dist.ContinuousDistribution}, implemented exactly (to a chosen ε) by
 * {@link org.jphasic.dist.Uniformization}, approximately by {@link org.jphasic.dist.EulerDistribution} (the
 * reference library's scheme, for parity) and across epochs of changing weights by
 * {@link org.jphasic.dist.EpochDistribution}. Discrete graphs: {@link org.jphasic.dist.DiscreteDistribution}.
 * Random samples: {@link org.jphasic.dist.Sampler}.
 */
package org.jphasic.dist;
