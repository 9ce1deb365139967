package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One page of GET /admin/notifications.
 *
 * @param notifications as the server sends them, oldest first
 * @param hasMore       whether the server holds older ones than this page
 */
public record NotificationPage(List<JsonNode> notifications, boolean hasMore) {
}
