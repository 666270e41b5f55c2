/**
 * Execution strategies for trace recording: {@link org.jphasic.exec.Strategy}, the
 * {@link org.jphasic.exec.WorkExecutor} interface, local executors ({@link org.jphasic.exec.WorkExecutors}) and
 * the {@link org.jphasic.exec.WorkExecutorProvider} service through which the cluster module plugs in.
 */
package org.jphasic.exec;
