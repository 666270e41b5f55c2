package org.jphasic.io;

import java.security.MessageDigest;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Feeds blocks of bytes to a {@link MessageDigest} on a short-lived daemon thread, in the order they were handed
 * over, while the calling thread fills the next block: encoding and hashing overlap, so a large hash takes about
 * max(encode, digest) instead of their sum. The digest sees the same bytes in the same order as a single-thread
 * {@code update} loop, so the result is bit-identical.
 *
 * <p>The caller stages its bytes as before and appends them here (one copy, cheap beside SHA-256), so hashing on
 * one thread keeps its small buffer and its speed. A ring of {@value #BLOCKS} blocks circulates between the two threads: the caller fills one while the digest
 * thread works through the others. Blocks {@code digested .. submitted - 1} are queued, block {@code submitted}
 * is the caller's. The two threads share only volatile counters, one writer each; whoever updates the digest
 * holds {@link #digestLock}, so the blocks enter it one at a time and in order.
 *
 * <p>A caller that gets ahead waits for a free block, spinning for a few microseconds and then parking. If the
 * digest thread makes no progress for {@value #HELP_AFTER_NANOS} ns (on a busy machine it may get no core for a
 * whole time slice), the caller digests the oldest queued block itself, so the pipeline degrades to about the
 * single-thread time instead of waiting. The caller also digests what is left at the end, and always computes the
 * final digest.
 *
 * <p>Every pipeline ends with {@link #finish(int)} or {@link #abandon()}; either lets the digest thread exit. A
 * failure of the digest thread is rethrown on the calling thread at its next hand-over. Waiting ignores
 * interrupts (the thread's interrupt status is restored afterwards), as hashing on one thread does: the wait
 * always ends, because the caller digests the blocks itself if need be. Used by one calling thread at a time.
 */
final class DigestPipeline {
    /** Blocks in the ring: one being filled, up to three queued for the digest. */
    private static final int BLOCKS = 4;
    /** How long a waiting thread spins before it parks: a fraction of the time a 64 KiB block takes. */
    private static final long SPIN_NANOS = 15_000;
    /** How long the caller waits for a free block before it digests one itself: a few blocks' time. */
    private static final long HELP_AFTER_NANOS = 200_000;

    private final MessageDigest digest;
    private final ReentrantLock digestLock = new ReentrantLock();
    private final byte[][] blocks;
    /** Filled bytes per block; written by the caller before it publishes the block through {@link #submitted}. */
    private final int[] lengths = new int[BLOCKS];
    private final Thread worker;
    /** Bytes in the block being filled, block {@code submitted}; the caller's only. */
    private int filled;

    /** Blocks handed over; written by the caller only. */
    private volatile long submitted;
    /** Blocks digested; written under {@link #digestLock} only. */
    private volatile long digested;
    /** Set once the caller has taken the final digest or given up: the digest thread exits. */
    private volatile boolean closed;
    private volatile Throwable failure;
    /** The calling thread while it is parked, else {@code null}. */
    private volatile Thread parkedCaller;
    /** Whether the digest thread is parked. */
    private volatile boolean workerParked;

    /**
     * Starts the digest thread.
     *
     * @param digest     a fresh digest, used only through this pipeline from now on. Modified.
     * @param blockBytes the size of each block, at least 16
     */
    DigestPipeline(MessageDigest digest, int blockBytes) {
        if (blockBytes < 16) {
            throw new IllegalArgumentException("a digest pipeline block must hold at least 16 bytes, got " + blockBytes);
        }
        this.digest = digest;
        this.blocks = new byte[BLOCKS][blockBytes];
        this.worker = new Thread(this::digestBlocks, "jphasic-hash-digest");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Appends bytes to the block being filled, handing each full block to the digest thread and waiting for a free
     * one while every other block is queued.
     *
     * @param bytes  the source. Not modified.
     * @param offset the first byte
     * @param length how many bytes
     * @throws IllegalStateException if the digest thread failed (its exception is the cause)
     */
    void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            byte[] block = blocks[slot(submitted)];
            int chunk = Math.min(length, block.length - filled);
            System.arraycopy(bytes, offset, block, filled, chunk);
            filled += chunk;
            offset += chunk;
            length -= chunk;
            if (filled == block.length) {
                publish();
                awaitDigested(submitted - BLOCKS + 1, HELP_AFTER_NANOS);
            }
        }
    }

    /**
     * Hands over the last block, if it holds anything, digests what the digest thread has not yet taken, and
     * finishes the digest.
     *
     * @return the digest of every byte appended
     * @throws IllegalStateException if the digest thread failed (its exception is the cause)
     */
    byte[] finish() {
        try {
            if (filled > 0) {
                publish();
            }
            awaitDigested(submitted, 0);
            digestLock.lock();
            try {
                closed = true;
                return digest.digest();
            } finally {
                digestLock.unlock();
            }
        } finally {
            abandon(); // the digest thread exits, also when the digest failed
        }
    }

    /** @return the digest thread, for tests that check it ends */
    Thread digestThread() {
        return worker;
    }

    /** Stops the digest thread after the block it is digesting, if any; the digest is discarded. */
    void abandon() {
        closed = true;
        wakeWorker();
    }

    private void publish() {
        lengths[slot(submitted)] = filled;
        filled = 0;
        submitted = submitted + 1;
        wakeWorker();
    }

    /**
     * Waits on the calling thread until {@code target} blocks are digested, digesting queued blocks itself once
     * the digest thread has made no progress for {@code helpAfterNanos}.
     */
    private void awaitDigested(long target, long helpAfterNanos) {
        boolean interrupted = false;
        long progressSeen = digested;
        long since = System.nanoTime();
        while (digested < target) {
            rethrowFailure();
            long now = System.nanoTime();
            if (digested != progressSeen) {
                progressSeen = digested;
                since = now;
            }
            if (now - since >= helpAfterNanos && digestLock.tryLock()) {
                try {
                    digestQueuedBlock();
                } finally {
                    digestLock.unlock();
                }
                continue;
            }
            if (now - since < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            parkedCaller = Thread.currentThread();
            if (digested == progressSeen && failure == null) { // re-checked after announcing the park
                LockSupport.parkNanos(this, Math.max(SPIN_NANOS, helpAfterNanos - (now - since)));
            }
            parkedCaller = null;
            interrupted |= Thread.interrupted();
        }
        rethrowFailure();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void digestBlocks() {
        try {
            while (!closed) {
                awaitWork();
                if (closed) {
                    break;
                }
                if (digestLock.tryLock()) {
                    try {
                        if (!closed) {
                            digestQueuedBlock();
                        }
                    } finally {
                        digestLock.unlock();
                    }
                    wakeCaller();
                } else {
                    Thread.yield(); // the caller is digesting a block
                }
            }
        } catch (Throwable t) {
            // not swallowed: handed to the calling thread, which rethrows it at its next hand-over
            failure = t;
            wakeCaller();
        }
    }

    /** Digests the oldest queued block, if any; the caller holds {@link #digestLock}. */
    private void digestQueuedBlock() {
        long next = digested;
        if (next < submitted) {
            int slot = slot(next);
            digest.update(blocks[slot], 0, lengths[slot]);
            digested = next + 1;
        }
    }

    /** Waits on the digest thread for a queued block or the end; nobody interrupts it, it stops when closed. */
    private void awaitWork() {
        long spinStart = System.nanoTime();
        while (digested >= submitted && !closed) {
            if (System.nanoTime() - spinStart < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            workerParked = true;
            if (digested >= submitted && !closed) {
                LockSupport.park(this);
            }
            workerParked = false;
            Thread.interrupted();
        }
    }

    private void wakeWorker() {
        if (workerParked) {
            LockSupport.unpark(worker);
        }
    }

    private void wakeCaller() {
        Thread caller = parkedCaller;
        if (caller != null) {
            LockSupport.unpark(caller);
        }
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("hashing failed on the digest thread: " + t, t);
        }
    }

    private static int slot(long block) {
        return (int) (block % BLOCKS);
    }
}
