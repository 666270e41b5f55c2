package org.jphasic.cache;

/** The two levels of the trace cache, kept in separate namespaces. */
public enum TraceKind {
    /** The stitched trace of a whole graph, keyed by the graph's content hash. */
    GRAPH("graph"),
    /** The relocatable trace of one work unit, keyed by the unit's content hash. */
    UNIT("unit");

    private final String directory;

    TraceKind(String directory) {
        this.directory = directory;
    }

    /** @return the sub-directory name of this kind */
    public String directory() {
        return directory;
    }
}
