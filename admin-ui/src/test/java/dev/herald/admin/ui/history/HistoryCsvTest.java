package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exported history says whom each notification was for, as the table's Audience column does. */
class HistoryCsvTest {
    private static NotificationRow row(String json) throws Exception {
        return NotificationRow.of(new ObjectMapper().readTree(json));
    }

    @Test
    void aNotificationForUsersSaysSoInTheExport() throws Exception {
        String csv = HistoryCsv.of(List.of(
                row("{\"id\":2,\"time\":\"2026-11-27T10:00:00Z\",\"level\":\"info\",\"message\":\"your export\","
                        + "\"topics\":[\"all\"],\"users\":[\"alice\",\"jane doe\"],\"recipients\":1,\"delivered\":1}"),
                row("{\"id\":1,\"time\":\"2026-11-27T09:00:00Z\",\"level\":\"info\",\"message\":\"deploy\","
                        + "\"topics\":[\"ops\"],\"recipients\":3,\"delivered\":3}")));
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).endsWith(",users");
        // Without the users, #2 read as a broadcast to everyone ("all").
        assertThat(lines.get(1)).startsWith("2,").endsWith(",\"alice, jane doe\"");
        assertThat(lines.get(2)).startsWith("1,").endsWith(",3,3,,,");
    }
}
