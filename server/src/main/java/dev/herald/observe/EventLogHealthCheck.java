package dev.herald.observe;

import dev.herald.store.EventLog;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Readiness of the event log: DOWN (with the reason) when it cannot store. */
public final class EventLogHealthCheck implements HealthCheck {
    private final EventLog log;

    public EventLogHealthCheck(EventLog log) {
        this.log = log;
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
        return HealthCheckResponse.builder()
                .status(h.up())
                .detail("store", h.detail())
                .detail("latestId", log.latestId())
                .build();
    }
}
