package dev.herald.support;

/** One parsed SSE event: null fields were absent. */
public record SseEvent(String id, String event, String data) {
    public boolean isMessage() {
        return event == null;
    }
}
