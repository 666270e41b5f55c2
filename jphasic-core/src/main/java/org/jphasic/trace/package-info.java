/**
 * Parameterized elimination traces: {@link org.jphasic.trace.TraceRecorder} records a
 * {@link org.jphasic.trace.Trace} once; {@link org.jphasic.trace.TraceEvaluator} and
 * {@link org.jphasic.trace.TraceBatch} evaluate it for many parameter vectors, with exact gradients.
 */
package org.jphasic.trace;
