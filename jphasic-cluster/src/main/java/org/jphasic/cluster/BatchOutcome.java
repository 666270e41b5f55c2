package org.jphasic.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** A worker's answer to a {@link UnitJob}: one {@link UnitOutcome} per unit, in the order of the batch. */
final class BatchOutcome implements IdentifiedDataSerializable {
    private UnitOutcome[] outcomes;

    /** For deserialization. */
    BatchOutcome() {
    }

    /** @param outcomes one per unit of the batch. Not copied. */
    BatchOutcome(UnitOutcome[] outcomes) {
        this.outcomes = outcomes;
    }

    /** @return the number of outcomes */
    int size() {
        return outcomes.length;
    }

    /**
     * @param i the position in the batch
     * @return the outcome of that unit
     */
    UnitOutcome get(int i) {
        return outcomes[i];
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.BATCH_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(outcomes.length);
        for (UnitOutcome o : outcomes) {
            o.writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a batch outcome of " + n + " units (a member of another jphasic version?)");
        }
        outcomes = new UnitOutcome[n];
        for (int i = 0; i < n; i++) {
            outcomes[i] = new UnitOutcome();
            outcomes[i].readData(in);
        }
    }
}
