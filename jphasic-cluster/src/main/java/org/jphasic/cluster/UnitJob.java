package org.jphasic.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One unit sent to a worker: the coordinator's jphasic version, the unit's key and its compact bytes
 * ({@link org.jphasic.hierarchy.WorkUnit#toBytes()}). Runs on the worker through its {@link WorkerState}.
 */
final class UnitJob implements Callable<UnitOutcome>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String version;
    private String key;
    private byte[] unitBytes;
    private transient HazelcastInstance instance;

    /** For deserialization. */
    UnitJob() {
    }

    /**
     * @param version   the coordinator's jphasic version
     * @param key       the unit's key
     * @param unitBytes the unit's bytes. Not copied, not modified.
     */
    UnitJob(String version, String key, byte[] unitBytes) {
        this.version = version;
        this.key = key;
        this.unitBytes = unitBytes;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public UnitOutcome call() {
        Object state = instance.getUserContext().get(HazelcastSetup.STATE_KEY);
        if (!(state instanceof WorkerState)) {
            throw new IllegalStateException("member " + instance.getCluster().getLocalMember().getAddress()
                    + " is not a jphasic worker: it has no worker state");
        }
        return ((WorkerState) state).run(key, unitBytes, version);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.UNIT_JOB;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(version);
        out.writeString(key);
        out.writeByteArray(unitBytes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readString();
        key = in.readString();
        unitBytes = in.readByteArray();
    }
}
