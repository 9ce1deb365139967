package dev.herald.observe;

import dev.herald.store.EventLog;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Readiness of the event log: DOWN when it cannot store. On the API port anyone may ask, so the answer
 * names the kind of store only: its path or Redis address and the store's own message (which names them)
 * are for the private health listener ({@code herald.observe.port}) and the log, written when it goes down.
 */
public final class EventLogHealthCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(EventLogHealthCheck.class.getName());
    private final EventLog log;
    private final String store;
    private final boolean detailed;
    private final AtomicBoolean wasUp = new AtomicBoolean(true);

    /**
     * @param store    the kind of store ({@code sqlite}, {@code redis}, {@code memory})
     * @param detailed answer on a private listener: name the store's place and why it is down
     */
    public EventLogHealthCheck(EventLog log, String store, boolean detailed) {
        this.log = log;
        this.store = store;
        this.detailed = detailed;
    }

    @Override
    public String name() {
        return "eventLog";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        EventLog.Health h = log.health();
        if (wasUp.getAndSet(h.up()) && !h.up()) {
            LOG.warning("health: the event log is down: " + h.detail());
        }
        String shown = detailed ? h.detail() : h.up() ? store : store + ": down (the server log says why)";
        return HealthCheckResponse.builder()
                .status(h.up())
                .detail("store", shown)
                .detail("latestId", log.latestId())
                .build();
    }
}
