package dev.herald.admin.ui.support;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A stand-in for the FX thread in plain JUnit: one thread that runs every UI task in order,
 * so view models are tested exactly as they run in the app, without a window.
 */
public final class UiThread implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-ui-thread");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    /** Runs on the UI thread and waits for the result (reading properties safely). */
    public <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
