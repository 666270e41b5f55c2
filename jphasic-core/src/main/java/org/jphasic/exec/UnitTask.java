package org.jphasic.exec;

import org.jphasic.trace.TraceSource;

/**
 * One piece of recording work as executors see it: a self-contained trace source with a content key and a
 * compact byte form for sending it to another process.
 */
public interface UnitTask {
    /** @return the content key: equal keys mean equal traces */
    String key();

    /** @return the source to record */
    TraceSource source();

    /** @return the compact bytes a remote member decodes back into the source */
    byte[] toBytes();

    /** @return the number of vertices the unit eliminates, for progress reports */
    int vertexCount();
}
