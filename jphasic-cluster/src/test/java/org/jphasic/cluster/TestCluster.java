package org.jphasic.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.Strategy;

/** Worker members in this JVM on 127.0.0.1, on free ports, with a cluster name of their own. */
final class TestCluster implements AutoCloseable {
    final String name = "jphasic-test-" + UUID.randomUUID();
    final List<String> addresses;
    final List<ClusterWorker> workers = new ArrayList<>();

    private TestCluster(int size) {
        this.addresses = freeAddresses(size);
    }

    /** Starts {@code size} workers with two threads each, observed by {@code observers.apply(i)}. */
    static TestCluster start(int size, IntFunction<UnitObserver> observers) {
        return start(size, observers, UnaryOperator.identity());
    }

    /** Starts {@code size} workers, each builder adjusted by {@code adjust} before it starts. */
    static TestCluster start(int size, IntFunction<UnitObserver> observers,
                             UnaryOperator<ClusterWorker.Builder> adjust) {
        TestCluster c = new TestCluster(size);
        try {
            for (int i = 0; i < size; i++) {
                c.workers.add(adjust.apply(c.worker(i).observer(observers.apply(i))).start());
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    static TestCluster start(int size) {
        return start(size, i -> UnitObserver.NONE);
    }

    /** A builder for worker {@code i} of this cluster. */
    ClusterWorker.Builder worker(int i) {
        String a = addresses.get(i);
        return ClusterWorker.builder().join(addresses).port(Integer.parseInt(a.substring(a.indexOf(':') + 1)))
                .clusterName(name).threads(2);
    }

    /** Settings for the cluster strategy against this cluster. */
    ExecutionSettings settings() {
        return settings(Duration.ofSeconds(10));
    }

    ExecutionSettings settings(Duration joinTimeout) {
        return new ExecutionSettings(Strategy.CLUSTER, 0, addresses, name, joinTimeout);
    }

    /** {@code n} addresses 127.0.0.1:port with ports free right now. */
    static List<String> freeAddresses(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(s);
                out.add("127.0.0.1:" + s.getLocalPort());
            }
            for (ServerSocket s : sockets) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * An address on 127.0.0.1 where nobody listens, below Linux's ephemeral port range (32768 and up by default).
     * A free port inside that range can be picked by the kernel as the source port of the very connection that
     * tries to reach it, and such a socket connects to itself (TCP simultaneous open) instead of being refused;
     * Hazelcast then waits for an authentication that never comes.
     */
    static String unreachableAddress() {
        for (int port = 20_000; port < 32_000; port += 7) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return "127.0.0.1:" + s.getLocalPort();
            } catch (IOException inUse) {
                // taken: try the next one
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between 20000 and 32000");
    }

    @Override
    public void close() {
        for (ClusterWorker w : workers) {
            w.close();
        }
    }
}
