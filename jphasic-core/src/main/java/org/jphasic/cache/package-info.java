/**
 * The content-addressed trace cache: {@link org.jphasic.cache.TraceStore}, on disk
 * ({@link org.jphasic.cache.DiskTraceStore}) and in memory ({@link org.jphasic.cache.MemoryTraceStore}).
 */
package org.jphasic.cache;
