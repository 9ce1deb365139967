package dev.herald.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * herald.db deleted or replaced under a running server: publishes used to be acknowledged into the deleted
 * file (gone at the next start) and health stayed UP. Now they are refused, naming what happened, and health
 * is DOWN; what was stored before is still read from the open file until a restart.
 */
class DatabaseFileGoneTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeletedDatabaseFileRefusesPublishesAndTurnsHealthDown() throws Exception {
        try (TestHerald herald = TestHerald.start()) {
            long stored = herald.publish("{\"message\":\"before\"}");
            Files.delete(herald.dataDir().resolve("herald.db"));

            assertRefusedNaming(herald.notify("{\"message\":\"after\"}"), "was deleted while Herald runs");
            assertThat(herald.get("/observe/health").statusCode()).isEqualTo(503);
            JsonNode history = JSON.readTree(herald.get("/notifications").body()).get("notifications");
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("id").asLong()).isEqualTo(stored);
        }
    }

    @Test
    void aReplacedDatabaseFileRefusesPublishesAndTurnsHealthDown() throws Exception {
        try (TestHerald herald = TestHerald.start()) {
            herald.publish("{\"message\":\"before\"}");
            Path db = herald.dataDir().resolve("herald.db");
            Path copy = herald.dataDir().resolve("copy.db");
            Files.copy(db, copy);
            Files.move(copy, db, StandardCopyOption.REPLACE_EXISTING); // a restore from a backup, say

            assertRefusedNaming(herald.notify("{\"message\":\"after\"}"), "was replaced by another file");
            assertThat(herald.get("/observe/health").statusCode()).isEqualTo(503);
        }
    }

    private static void assertRefusedNaming(HttpResponse<String> res, String what) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
        JsonNode error = JSON.readTree(res.body());
        assertThat(error.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(error.get("detail").asText()).contains(what, "nothing was accepted");
    }
}
