package dev.herald.hub;

import dev.herald.store.MemoryEventLog;
import dev.herald.store.EventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TokenExpiryTest {
    private static ConnectionInfo expiring(Instant at) {
        return new ConnectionInfo(Set.of("all"), "kim", "127.0.0.1", "test", Instant.now(), at);
    }

    @Test
    void aStreamEndsWhenItsTokenExpiresAndOthersStay() {
        try (Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 16, Clock.systemUTC())) {
            Subscriber soon = hub.subscribe(expiring(Instant.now().plusMillis(300)));
            Subscriber later = hub.subscribe(expiring(Instant.now().plusSeconds(3600)));
            Subscriber anonymous = hub.subscribe(new ConnectionInfo(Set.of("all"), null, "127.0.0.1", "test", Instant.now()));
            Subscriber gone = hub.subscribe(expiring(Instant.now().minusSeconds(1))); // expired while it waited to start
            await().atMost(Duration.ofSeconds(5)).until(() -> soon.closeReason() != null);
            assertThat(soon.closeReason()).isEqualTo(Subscriber.CloseReason.TOKEN_EXPIRED);
            assertThat(gone.closeReason()).isEqualTo(Subscriber.CloseReason.TOKEN_EXPIRED);
            assertThat(later.closeReason()).isNull();
            assertThat(anonymous.closeReason()).isNull();
            assertThat(hub.stats().connected()).isEqualTo(2);
        }
    }

    @Test
    void theHeartbeatEndsAStreamThatOutlivedItsTokenWhileTheMachineWasSuspended() {
        // The timer waits on the monotonic clock, which stops during a suspend; the wall clock jumps.
        Instant[] now = {Instant.parse("2026-11-27T10:00:00Z")};
        Clock wall = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        try (Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 16, wall)) {
            Subscriber s = hub.subscribe(expiring(now[0].plusSeconds(3600)));
            hub.heartbeatEvery(Duration.ofMillis(80));
            now[0] = now[0].plusSeconds(7200); // resumed two hours later
            await().atMost(Duration.ofSeconds(5)).until(() -> s.closeReason() != null);
            assertThat(s.closeReason()).isEqualTo(Subscriber.CloseReason.TOKEN_EXPIRED);
        }
    }

    @Test
    void aStreamThatSubscribesAsTheHubClosesIsNotLeftBehind() {
        Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 16, Clock.systemUTC());
        TokenExpiry closed = new TokenExpiry();
        closed.close();
        Subscriber s = hub.subscribe(expiring(Instant.now().plusSeconds(60)));
        assertThatThrownBy(() -> closed.watch(s, Clock.systemUTC(), hub)).isInstanceOf(ShuttingDown.class);
        assertThat(s.closeReason()).isEqualTo(Subscriber.CloseReason.SHUTDOWN);
        assertThat(hub.stats().connected()).isZero();
        hub.close();
    }

    @Test
    void aStreamThatEndsFirstCancelsItsTask() {
        try (Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 16, Clock.systemUTC());
             TokenExpiry expiry = new TokenExpiry()) {
            Subscriber s = hub.subscribe(expiring(Instant.now().plusSeconds(3600)));
            expiry.watch(s, Clock.systemUTC(), hub);
            assertThat(expiry.watched()).isEqualTo(1);
            hub.unsubscribe(s, Subscriber.CloseReason.CLIENT_GONE);
            assertThat(expiry.watched()).as("removed on cancel: tasks of long tokens do not pile up").isZero();
            Subscriber closed = hub.subscribe(expiring(Instant.now().plusSeconds(3600)));
            hub.unsubscribe(closed, Subscriber.CloseReason.KICKED);
            expiry.watch(closed, Clock.systemUTC(), hub); // a stream that ended before it was watched
            assertThat(expiry.watched()).isZero();
        }
    }
}
