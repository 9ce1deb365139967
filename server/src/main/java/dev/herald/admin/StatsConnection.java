package dev.herald.admin;

import dev.herald.hub.SseFrame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One operator's stats stream: frames queue up here and the request's own thread writes them,
 * everything waiting in one write and one flush. Stats arrive every second, so a gone operator
 * is noticed by a failed write within a second or two.
 */
final class StatsConnection {
    private static final int CAPACITY = 512;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean closed;

    /** False when the operator fell {@value #CAPACITY} frames behind. */
    boolean offer(byte[] frame) {
        return closed || frames.offer(frame);
    }

    void close() {
        closed = true;
        frames.clear();
        frames.offer(END);
    }

    /** Writes until closed or the write fails (the operator left). */
    void run(OutputStream out) throws IOException, InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
        List<byte[]> batch = new ArrayList<>();
        while (!closed) {
            byte[] first = frames.poll(15, TimeUnit.SECONDS);
            if (first == null) {
                first = ":\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            batch.add(first);
            frames.drainTo(batch);
            for (byte[] f : batch) {
                if (f == END) {
                    return;
                }
                buf.write(f);
            }
            batch.clear();
            SseFrame.writeAndFlush(buf, out);
        }
    }
}
