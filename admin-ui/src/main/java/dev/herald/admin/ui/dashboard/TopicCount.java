package dev.herald.admin.ui.dashboard;

/** A row of the dashboard's topic table. */
public record TopicCount(String topic, int subscribers) {
}
