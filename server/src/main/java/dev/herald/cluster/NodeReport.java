package dev.herald.cluster;

import dev.herald.hub.Audience;
import dev.herald.hub.Hub;
import dev.herald.notify.NotificationRequest;

import java.time.Instant;
import java.util.Map;

/**
 * What one node says about itself in the cluster presence: its open streams, per topic and per
 * user, and how many notifications it accepted.
 *
 * @param node        the node id (prefix of its connection ids)
 * @param address     host:port it serves on, for operators
 * @param connections open event streams
 * @param topics      open streams per topic (a stream on two topics counts in both; the broadcast topic
 *                    counts every stream)
 * @param users       open streams per signed-in user (anonymous streams are not listed)
 * @param published   notifications accepted by this node since it started
 * @param startedAt   when the node started (ISO-8601)
 * @param updatedAt   when this report was made (ISO-8601)
 */
public record NodeReport(String node, String address, int connections, Map<String, Integer> topics,
                         Map<String, Integer> users, long published, String startedAt, String updatedAt) {

    static NodeReport of(Hub hub, String address, Instant startedAt, Instant now) {
        Audience a = hub.audience();
        // The API's formatter, not Instant.toString: that drops a zero fraction (01:00:00Z, not 01:00:00.000Z).
        return new NodeReport(hub.nodeId(), address, a.connections(), a.topics(), a.users(), hub.stats().published(),
                NotificationRequest.TIME.format(startedAt), NotificationRequest.TIME.format(now));
    }
}
