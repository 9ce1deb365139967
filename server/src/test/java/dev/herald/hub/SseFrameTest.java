package dev.herald.hub;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SseFrameTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
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
