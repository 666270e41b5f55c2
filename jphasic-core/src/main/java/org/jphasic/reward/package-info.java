/**
 * Reward transformation: {@link org.jphasic.reward.RewardTransform} turns accumulated rewards into absorption
 * times, so their distribution functions come from the ordinary ones.
 */
package org.jphasic.reward;
