package org.jphasic.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A worker in a JVM of its own, for {@link ClusterKillTest}: {@code clusterName port join delayMillis}. Prints
 * {@code READY}, then {@code START key} before and {@code RECORDED key} after every unit it records (each unit
 * slowed down by the delay), and {@code STOPPED} when it stopped after SIGTERM.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        List<String> join = Arrays.asList(args[2].split(","));
        Duration delay = Duration.ofMillis(Long.parseLong(args[3]));
        UnitObserver observer = new SlowObserver(delay, key -> say("START " + key), key -> say("RECORDED " + key));
        ClusterWorker worker = ClusterWorker.builder().join(join).port(port).clusterName(clusterName).threads(2)
                .observer(observer).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            say("STOPPED " + worker.statistics());
        }));
        say("READY " + worker.address() + " " + worker.memberCount());
        worker.awaitStop();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
