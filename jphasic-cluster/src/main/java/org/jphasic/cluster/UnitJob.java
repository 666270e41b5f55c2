package org.jphasic.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A batch of units sent to a worker: the coordinator's jphasic version and, per unit, its key, its compact bytes
 * ({@link org.jphasic.hierarchy.WorkUnit#toBytes()}) and whether the worker should look in the cluster map first
 * (the coordinator looked before the first submission; a resubmitted unit may have been published since by the
 * member that lost it). Small units travel several to a batch, which spreads the cost of a round trip. Runs on
 * the worker through its {@link WorkerState}.
 */
final class UnitJob implements Callable<BatchOutcome>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String version;
    private String[] keys;
    private byte[][] unitBytes;
    private boolean[] lookUp;
    private transient HazelcastInstance instance;

    /** For deserialization. */
    UnitJob() {
    }

    /**
     * @param version   the coordinator's jphasic version
     * @param keys      the units' keys
     * @param unitBytes their bytes, in the same order. Not copied, not modified.
     * @param lookUp    for each unit, whether the worker looks it up in the cluster map before recording it
     */
    UnitJob(String version, String[] keys, byte[][] unitBytes, boolean[] lookUp) {
        if (keys.length == 0 || keys.length != unitBytes.length || keys.length != lookUp.length) {
            throw new IllegalArgumentException("a batch needs one key, byte array and look-up flag per unit");
        }
        this.version = version;
        this.keys = keys;
        this.unitBytes = unitBytes;
        this.lookUp = lookUp;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public BatchOutcome call() {
        Object state = instance.getUserContext().get(HazelcastSetup.STATE_KEY);
        if (!(state instanceof WorkerState)) {
            throw new IllegalStateException("member " + instance.getCluster().getLocalMember().getAddress()
                    + " is not a jphasic worker: it has no worker state");
        }
        return ((WorkerState) state).run(keys, unitBytes, lookUp, version);
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
        out.writeInt(keys.length);
        for (int i = 0; i < keys.length; i++) {
            out.writeString(keys[i]);
            out.writeByteArray(unitBytes[i]);
            out.writeBoolean(lookUp[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readString();
        int n = in.readInt();
        if (n < 1) {
            throw new IOException("a unit batch of " + n + " units (a member of another jphasic version?)");
        }
        keys = new String[n];
        unitBytes = new byte[n][];
        lookUp = new boolean[n];
        for (int i = 0; i < n; i++) {
            keys[i] = in.readString();
            unitBytes[i] = in.readByteArray();
            lookUp[i] = in.readBoolean();
        }
    }
}
