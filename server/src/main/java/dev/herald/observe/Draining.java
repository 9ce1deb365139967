package dev.herald.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The first step of a stop: readiness turns DOWN while streams stay open and publishes are still taken,
 * for {@code herald.shutdown.delay}, so a balancer that polls readiness stops sending new clients before
 * the streams end (their clients then reconnect to another node). Readiness was UP until the listener
 * closed: streams were cut while the balancer still sent this node new ones, each answered 503.
 */
public final class Draining implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(Draining.class.getName());
    private final Duration delay;
    private final BooleanSupplier hubClosed;
    private final AtomicBoolean started = new AtomicBoolean();

    public Draining(Duration delay, BooleanSupplier hubClosed) {
        this.delay = delay;
        this.hubClosed = hubClosed;
    }

    /** Turns readiness DOWN and waits out the delay; only the first call waits. */
    public void begin() {
        if (!started.compareAndSet(false, true) || delay.isZero()) {
            return;
        }
        LOG.info("Herald draining: readiness is DOWN, streams stay open for " + delay.toMillis() + " ms (herald.shutdown.delay)");
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop now: the rest of the stop still runs
        }
    }

    public boolean draining() {
        return started.get() || hubClosed.getAsBoolean();
    }

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        boolean stopping = draining();
        return HealthCheckResponse.builder()
                .status(!stopping)
                .detail("stopping", stopping)
                .build();
    }
}
