package dev.herald.admin.ui.client;

/** The server's answer to POST /notify. */
public record SendResult(long id, String time, int recipients) {
}
