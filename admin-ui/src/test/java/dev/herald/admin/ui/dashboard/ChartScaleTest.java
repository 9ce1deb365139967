package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Connected clients and notifications/min get an axis each, so a few clients stay readable at any rate. */
class ChartScaleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void wholeNumberTicksWithRoomAboveTheHighestValue() {
        assertThat(ChartScale.fitting(0)).isEqualTo(new ChartScale(1, 1));
        assertThat(ChartScale.fitting(1)).isEqualTo(new ChartScale(2, 1));
        assertThat(ChartScale.fitting(3)).isEqualTo(new ChartScale(4, 1));
        assertThat(ChartScale.fitting(8)).isEqualTo(new ChartScale(10, 2));
        assertThat(ChartScale.fitting(300)).isEqualTo(new ChartScale(400, 100));
        assertThat(ChartScale.fitting(19_500)).isEqualTo(new ChartScale(20_000, 5_000));
        for (long max = 0; max <= 100_000; max += max < 100 ? 1 : 997) {
            ChartScale s = ChartScale.fitting(max);
            assertThat(s.upper()).as("above %d", max).isGreaterThan(max);
            assertThat(s.upper() / s.tick()).as("ticks for %d", max).isBetween(1L, 5L);
            assertThat(s.upper() % s.tick()).isZero();
        }
    }

    @Test
    void atThreeHundredAMinuteThreeClientsFillMostOfTheirAxis() throws Exception {
        DashboardViewModel vm = new DashboardViewModel(Clock.fixed(Instant.parse("2025-03-01T14:02:11Z"), ZoneOffset.UTC));
        vm.connected(null, JSON.readTree("""
                {"time":"2025-03-01T14:02:10Z","connected":3,"perMinute":{"notifications":300},
                 "history":[{"time":"2025-03-01T14:01:00Z","connected":2,"notificationsPerMinute":120},
                            {"time":"2025-03-01T14:01:30Z","connected":3,"notificationsPerMinute":300}]}"""));
        ChartScale clients = vm.connectedScaleProperty().get();
        ChartScale rate = vm.rateScaleProperty().get();
        assertThat(rate.upper()).isEqualTo(400);
        assertThat(clients.upper()).isEqualTo(4);
        assertThat(3.0 / clients.upper()).as("the 3 clients' height on their axis").isGreaterThanOrEqualTo(0.5);

        // Follows the points: a busier minute raises the connected axis, the rate axis stays.
        vm.stats(JSON.readTree("""
                {"time":"2025-03-01T14:02:20Z","connected":40,"perMinute":{"notifications":300}}"""));
        assertThat(vm.connectedScaleProperty().get()).isEqualTo(new ChartScale(50, 10));
        assertThat(vm.rateScaleProperty().get()).isEqualTo(rate);
    }
}
