/**
 * Exact moments by graph elimination: {@link org.jphasic.moments.Elimination} produces a
 * {@link org.jphasic.moments.RewardProgram}; {@link org.jphasic.moments.Moments} turns replays into moments,
 * variances, covariances and residence times.
 */
package org.jphasic.moments;
