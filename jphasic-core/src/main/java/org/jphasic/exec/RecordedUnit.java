package org.jphasic.exec;

import org.jphasic.trace.Trace;

/**
 * A unit's recorded trace and what it took.
 *
 * @param trace  the trace, over the unit's local vertices
 * @param nanos  recording time
 * @param member who recorded it (a thread or cluster member name)
 */
public record RecordedUnit(Trace trace, long nanos, String member) {
}
