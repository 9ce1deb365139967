package dev.herald.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitsTest {
    @Test
    void theDefaultTotalLeavesDescriptorsFreeBesideTheStreams() {
        assertThat(ConnectionLimits.totalFor(20_000)).isEqualTo(19_500);
        assertThat(ConnectionLimits.totalFor(1_024)).isEqualTo(922);
        assertThat(ConnectionLimits.totalFor(5)).isEqualTo(5);
        assertThat(ConnectionLimits.totalFor(1L << 40)).isEqualTo(Integer.MAX_VALUE);
        assertThat(ConnectionLimits.totalForOpenFiles()).as("this process has a limit").isPositive();
    }

    @Test
    void theTotalCountsEveryCallerAndComesBackOnRelease() {
        ConnectionLimits limits = new ConnectionLimits(10, 10, 2);
        assertThat(limits.acquire("local", null)).isNull();
        assertThat(limits.acquire("10.0.0.1", "ann")).isNull();
        ConnectionLimits.Refusal full = limits.acquire("10.0.0.2", null);
        assertThat(full).isNotNull();
        assertThat(full.serverFull()).isTrue();
        limits.release("local", null);
        assertThat(limits.acquire("10.0.0.2", null)).isNull();
    }

    @Test
    void aCallersOwnShareIsNotServerFull() {
        ConnectionLimits limits = new ConnectionLimits(1, 5, 100);
        assertThat(limits.acquire("10.0.0.1", null)).isNull();
        ConnectionLimits.Refusal mine = limits.acquire("10.0.0.1", null);
        assertThat(mine.serverFull()).isFalse();
        assertThat(mine.detail()).contains("10.0.0.1");
    }
}
