package dev.herald.hub;

import java.util.concurrent.CountDownLatch;

/** A client that leaves when the test says so ({@link #gone}, or the stream's own {@link #release}). */
final class TestWatch implements ClientWatch {
    final CountDownLatch gone = new CountDownLatch(1);

    @Override
    public void awaitGone() {
        try {
            gone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void release() {
        gone.countDown();
    }
}
