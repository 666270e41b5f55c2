package org.jphasic.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the objects that travel between coordinator and workers. They are written field by field
 * ({@link IdentifiedDataSerializable}), never with Java serialization, so a member decodes nothing but unit
 * bytes, trace bytes and strings.
 */
final class ClusterSerialization implements DataSerializableFactory {
    /** The factory id ("JP"). */
    static final int FACTORY_ID = 0x4A50;
    /** Class id of {@link UnitJob}. */
    static final int UNIT_JOB = 1;
    /** Class id of {@link UnitOutcome}. */
    static final int UNIT_OUTCOME = 2;
    /** Class id of {@link BatchOutcome}. */
    static final int BATCH_OUTCOME = 3;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        switch (typeId) {
            case UNIT_JOB:
                return new UnitJob();
            case UNIT_OUTCOME:
                return new UnitOutcome();
            case BATCH_OUTCOME:
                return new BatchOutcome();
            default:
                throw new IllegalArgumentException("unknown jphasic cluster type id " + typeId
                        + " (a member of another jphasic version?)");
        }
    }
}
