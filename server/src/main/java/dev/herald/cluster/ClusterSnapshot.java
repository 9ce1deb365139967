package dev.herald.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as the presence reports last showed it: totals over every live node, and each node.
 *
 * @param mode   {@code redis} (cluster mode) or {@code single} (this node alone, no shared presence)
 * @param self   this node's id
 * @param totals sums over {@link #nodes}
 * @param nodes  every node whose report has not expired, ordered by node id
 * @param error  why other nodes could not be read (Redis away), else null; then nodes holds only this one
 */
public record ClusterSnapshot(String mode, String self, Totals totals, List<NodeReport> nodes, String error) {

    /** Sums over the nodes. */
    public record Totals(int nodes, int connections, Map<String, Integer> topics, Map<String, Integer> users,
                         long published) {
    }

    static ClusterSnapshot of(String mode, String self, List<NodeReport> nodes, String error) {
        Map<String, Integer> topics = new TreeMap<>();
        Map<String, Integer> users = new TreeMap<>();
        int connections = 0;
        long published = 0;
        for (NodeReport n : nodes) {
            connections += n.connections();
            published += n.published();
            n.topics().forEach((t, c) -> topics.merge(t, c, Integer::sum));
            n.users().forEach((u, c) -> users.merge(u, c, Integer::sum));
        }
        return new ClusterSnapshot(mode, self, new Totals(nodes.size(), connections, topics, users, published),
                List.copyOf(nodes), error);
    }
}
