package org.jphasic.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * What a worker answers for one unit. A unit that fails for a reason in the unit comes back as an outcome
 * ({@link Status#FAILED}), not as an exception, so the coordinator can tell it apart from a member that left:
 * the first fails the recording, the second resubmits the unit elsewhere.
 */
final class UnitOutcome implements IdentifiedDataSerializable {
    /** How the unit went. */
    enum Status {
        /** The worker recorded it; {@code traceBytes} hold the trace file. */
        RECORDED,
        /** The worker found it in the cluster map (recorded earlier, perhaps by a member that died since). */
        FROM_MAP,
        /** The worker found it in its own disk cache. */
        FROM_DISK,
        /** The worker is shutting down and hands the unit back; send it elsewhere. */
        HANDED_BACK,
        /** The unit cannot be recorded; {@code message} says why. Not retried. */
        FAILED,
        /** The worker runs another jphasic version; {@code message} says which. */
        VERSION_MISMATCH
    }

    private Status status;
    private String member;
    private byte[] traceBytes;
    private long nanos;
    private String message;

    /** For deserialization. */
    UnitOutcome() {
    }

    private UnitOutcome(Status status, String member, byte[] traceBytes, long nanos, String message) {
        this.status = status;
        this.member = member;
        this.traceBytes = traceBytes;
        this.nanos = nanos;
        this.message = message;
    }

    static UnitOutcome traced(Status status, String member, byte[] traceBytes, long nanos) {
        return new UnitOutcome(status, member, traceBytes, nanos, null);
    }

    static UnitOutcome refused(Status status, String member, String message) {
        return new UnitOutcome(status, member, null, 0, message);
    }

    Status status() {
        return status;
    }

    /** @return the member's address, host:port */
    String member() {
        return member;
    }

    /** @return the trace file bytes, or null unless the unit was recorded or found */
    byte[] traceBytes() {
        return traceBytes;
    }

    /** @return the recording time on the member (0 if it was found) */
    long nanos() {
        return nanos;
    }

    /** @return why the unit failed or was refused, or null */
    String message() {
        return message;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.UNIT_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(status.ordinal());
        out.writeString(member);
        out.writeByteArray(traceBytes);
        out.writeLong(nanos);
        out.writeString(message);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int s = in.readByte();
        if (s < 0 || s >= Status.values().length) {
            throw new IOException("unknown unit outcome status " + s + " (a member of another jphasic version?)");
        }
        status = Status.values()[s];
        member = in.readString();
        traceBytes = in.readByteArray();
        nanos = in.readLong();
        message = in.readString();
    }
}
