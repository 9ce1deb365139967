package dev.herald.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the catch-up tests share: a server that takes thousands of publishes, a cut stream, a stall watch. */
final class Replays {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH = 500; // the server's largest /notify/batch

    private Replays() {
    }

    /** A server whose publish rate limit lets a test publish thousands at once. */
    static TestHerald fastServer(Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.put("herald.limits.publish.rate", "100000");
        settings.put("herald.limits.publish.burst", "1000");
        return TestHerald.start(settings);
    }

    /** An operator kicks the (only) stream, as a network cut would: the page reconnects and replays. */
    static void cutTheStream(TestHerald herald) throws Exception {
        String connection = JSON.readTree(herald.get("/admin/clients").body()).get("clients").get(0).get("id").asText();
        HttpResponse<String> res = herald.delete("/admin/clients/" + connection);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(204);
    }

    /** Publishes `count` broadcasts titled "<title> <i>" in batches; their ids, oldest first. */
    static List<Long> publishMany(TestHerald herald, int count, String title) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < count; from += BATCH) {
            int start = from;
            String body = IntStream.range(start, Math.min(count, start + BATCH))
                    .mapToObj(i -> "{\"title\":\"" + title + " " + i + "\",\"message\":\"replayed after the cut\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            HttpResponse<String> res = herald.post("/notify/batch", "application/json", body);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            JSON.readTree(res.body()).get("notifications").forEach(x -> ids.add(x.get("id").asLong()));
        }
        return ids;
    }

    /** The page records the longest gap between timer ticks (a stall) and the time spent in long tasks. */
    static void watchStalls() {
        BrowserTest.driver().executeScript("""
                const s = window.__stalls = { longest: 0, busy: 0, longTasks: 0 };
                let last = performance.now();
                setInterval(() => { const now = performance.now(); s.longest = Math.max(s.longest, now - last); last = now; }, 20);
                new PerformanceObserver(list => {
                  for (const e of list.getEntries()) { s.busy += e.duration; s.longTasks++; }
                }).observe({ type: 'longtask' });""");
    }

    /** What {@link #watchStalls()} recorded: longest (ms), busy (ms), longTasks. */
    static Map<?, ?> stalls() {
        return (Map<?, ?>) BrowserTest.driver().executeScript("return window.__stalls");
    }

    static double number(Map<?, ?> stalls, String key) {
        return ((Number) stalls.get(key)).doubleValue();
    }
}
