package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server lists only the 100 topics and users with the most connections; the dashboard says so
 * under the table when there are more, and says nothing when it shows them all (or the server is one
 * that does not send the totals).
 */
class ListedNoteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void saysHowManyTheTablesLeaveOut() {
        DashboardViewModel vm = new DashboardViewModel();
        ObjectNode stats = JSON.createObjectNode().put("connected", 7000);
        ObjectNode topics = stats.putObject("topics");
        for (int i = 0; i < 100; i++) {
            topics.put("user." + i, 1);
        }
        stats.put("topicCount", 5231);
        stats.putObject("users").put("alice", 3).put("bob", 1);
        stats.put("userCount", 2);
        vm.stats(stats);
        assertThat(vm.topics()).hasSize(100);
        assertThat(vm.topicsNoteProperty().get()).isEqualTo("The 100 busiest of 5,231 topics");
        assertThat(vm.usersNoteProperty().get()).isEmpty();

        stats.remove("topicCount");
        vm.stats(stats);
        assertThat(vm.topicsNoteProperty().get()).as("an older server: no totals").isEmpty();

        stats.put("userCount", 9000);
        vm.stats(stats);
        assertThat(vm.usersNoteProperty().get()).isEqualTo("The 2 busiest of 9,000 users");
        vm.connectionLost("test");
        assertThat(vm.usersNoteProperty().get()).isEmpty();
    }
}
