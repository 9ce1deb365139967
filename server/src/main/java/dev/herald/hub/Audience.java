package dev.herald.hub;

import java.util.Map;

/**
 * Who is connected right now, in counts: open streams in total, per topic and per signed-in user.
 * Read off the hub's indexes (a set size per topic and per user), not by walking every stream.
 *
 * @param connections open streams
 * @param topics      open streams per topic, in name order; a stream on two topics counts in both, and
 *                    the broadcast topic counts every stream (every stream hears it, named or not)
 * @param users       open streams per signed-in user, in name order (anonymous streams are not listed)
 */
public record Audience(int connections, Map<String, Integer> topics, Map<String, Integer> users) {
}
