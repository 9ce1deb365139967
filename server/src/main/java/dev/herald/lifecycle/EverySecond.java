package dev.herald.lifecycle;

import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A daemon thread that does one piece of cluster work (through Redis) once a second until told to
 * stop, and says so once when it starts failing (Redis away) and once when it works again, not
 * every second in between.
 */
final class EverySecond {
    private EverySecond() {
    }

    /**
     * @param what names the work in the log: "cannot " + what, and what + " again"
     */
    static Thread start(String name, BooleanSupplier stopped, Runnable work, Logger log, String what) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            boolean failing = false;
            while (!stopped.getAsBoolean()) {
                try {
                    Thread.sleep(1_000);
                    work.run();
                    if (failing) {
                        log.info("can " + what + " again");
                        failing = false;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!failing) { // what changed meanwhile is done once it works again
                        log.warning("cannot " + what + " (" + e.getMessage() + "); trying every second");
                        failing = true;
                    }
                }
            }
        });
    }
}
