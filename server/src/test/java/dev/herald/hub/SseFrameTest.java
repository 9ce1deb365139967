package dev.herald.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SseFrameTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void helloIsOneJsonLineWithTheTopicsSortedAndEveryStringEscaped() throws Exception {
        // Topic names are checked before a stream exists; the hello must not rely on it.
        Subscriber s = new Subscriber("n1-7-x", new ConnectionInfo(Set.of("ops", "all", "a\"b\\c\nd", "ünï"), null,
                "127.0.0.1", "test", Instant.now()), 4);
        String frame = s(SseFrame.hello(s, "2x8kq1m0d3ye", 42, Duration.ofSeconds(50)));
        // event, data, and the blank line that ends the frame
        assertThat(frame).startsWith("event: hello\ndata: {").endsWith("}\n\n").hasLineCount(3);
        JsonNode hello = new ObjectMapper().readTree(frame.substring(frame.indexOf('{')));
        assertThat(hello.toString()).isEqualTo("{\"connection\":\"n1-7-x\",\"topics\":[\"a\\\"b\\\\c\\nd\",\"all\",\"ops\",\"ünï\"],"
                + "\"log\":\"2x8kq1m0d3ye\",\"latestId\":42,\"heartbeat\":50000}");
    }

    @Test
    void namedEventSplitsEveryKindOfLineBreakIntoDataLines() {
        assertThat(s(SseFrame.named("hello", "a\nb\r\nc\rd")))
                .isEqualTo("event: hello\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void dataWithoutLineBreaksIsOneLineAndABreakAtEitherEndStillSplits() {
        assertThat(s(SseFrame.named("hello", "{\"a\":1}"))).isEqualTo("event: hello\ndata: {\"a\":1}\n\n");
        assertThat(s(SseFrame.named("hello", ""))).isEqualTo("event: hello\ndata: \n\n");
        assertThat(s(SseFrame.named("hello", "\rx"))).isEqualTo("event: hello\ndata: \ndata: x\n\n");
        assertThat(s(SseFrame.named("hello", "x\n"))).isEqualTo("event: hello\ndata: x\ndata: \n\n");
    }

    @Test
    void lineBreaksInSingleLineFieldsBecomeSpaces() {
        assertThat(s(SseFrame.named("x\n\ndata: y", "z"))).isEqualTo("event: x  data: y\ndata: z\n\n");
        assertThat(s(SseFrame.message("1\r2", ""))).isEqualTo("id: 1 2\ndata: \n\n");
    }

    @Test
    void retryAndHeartbeat() {
        assertThat(s(SseFrame.retry(3000))).isEqualTo("retry: 3000\n\n");
        assertThat(s(SseFrame.HEARTBEAT)).isEqualTo(":\n\n");
    }
}
