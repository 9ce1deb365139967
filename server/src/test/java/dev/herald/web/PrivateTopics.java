package dev.herald.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the late-topic tests share: a server whose user.* topics are private (publishes fast), and alice's token. */
final class PrivateTopics {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Alice(TestHerald herald, String token) {
    }

    /**
     * Run in a tab: its late topic's backfill (a history read without {@code all}) waits until
     * {@code window.__through()}; {@code window.__held} once one waits.
     */
    static final String HOLD_BACKFILL = """
            const real = window.fetch;
            let go;
            const through = new Promise(r => { go = r; });
            window.__through = () => go();
            window.fetch = (url, o) => {
              const u = String(url);
              if (!u.startsWith('/notifications') || u.includes('topic=all')) return real(url, o);
              window.__held = true;
              return through.then(() => real(url, o));
            };""";

    private PrivateTopics() {
    }

    static Alice aliceServer() throws Exception {
        TestHerald herald = TestHerald.start(Map.of("herald.auth.private", "user.*", "herald.limits.publish.rate", "100000",
                "herald.limits.publish.burst", "1000"));
        HttpResponse<String> minted = herald.post("/admin/tokens", "application/json",
                "{\"user\":\"alice\",\"topics\":[\"user.*\"],\"ttl\":3600}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return new Alice(herald, JSON.readTree(minted.body()).get("token").asText());
    }
}
