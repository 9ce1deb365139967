package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard shows when its numbers are not live: "—", no breakdowns, the last update time. */
class DashboardStalenessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T14:02:11Z"), ZoneOffset.UTC);
    private final DashboardViewModel vm = new DashboardViewModel(clock);

    private static JsonNode stats() throws Exception {
        return JSON.readTree("""
                {"time":"2025-03-01T14:02:10Z","connected":3,"notifications":6,"deliveries":17,"dropped":1,
                 "perMinute":{"notifications":6,"deliveries":17},"uptimeSeconds":90,"node":"n1",
                 "topics":{"ops":2,"deploys":1},"users":{"alice":1},
                 "history":[{"time":"2025-03-01T14:01:10Z","connected":2,"notificationsPerMinute":3}]}""");
    }

    @Test
    void beforeAnyConnectionNothingLooksLive() {
        assertThat(vm.liveProperty().get()).isFalse();
        assertThat(vm.shown(vm.connectedProperty()).get()).isEqualTo("—");
        assertThat(vm.shown(vm.notificationsProperty()).get()).isEqualTo("—");
        assertThat(vm.statusProperty().get()).isEqualTo("Not connected · no data yet");
    }

    @Test
    void connectedShowsTheNumbers() throws Exception {
        vm.connected(null, stats());
        assertThat(vm.liveProperty().get()).isTrue();
        assertThat(vm.shown(vm.connectedProperty()).get()).isEqualTo("3");
        assertThat(vm.shown(vm.deliveriesPerMinuteProperty()).get()).isEqualTo("17");
        assertThat(vm.statusProperty().get()).isEqualTo(DashboardViewModel.LIVE_STATUS);
        assertThat(vm.topics()).hasSize(2);
    }

    @Test
    void aLostConnectionBlanksTheNumbersKeepsTheChartAndSaysWhenTheLastUpdateCame() throws Exception {
        vm.connected(null, stats());
        var rate = vm.shown(vm.notificationsPerMinuteProperty());
        int points = vm.points().size();
        vm.connectionLost("reconnecting…");
        assertThat(rate.get()).as("a bound value follows").isEqualTo("—");
        assertThat(vm.shown(vm.connectedProperty()).get()).isEqualTo("—");
        assertThat(vm.topics()).isEmpty();
        assertThat(vm.users()).isEmpty();
        assertThat(vm.points()).hasSize(points).isNotEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("Not live (reconnecting…) · last update 14:02:11");

        vm.connected(null, stats());
        assertThat(rate.get()).isEqualTo("6");
        assertThat(vm.topics()).hasSize(2);
    }
}
