package dev.herald.hub;

/**
 * Counters of one hub since start.
 *
 * @param connected  open streams now
 * @param published  notifications accepted (stored) on this node
 * @param deliveries events written to connections (live and replayed)
 * @param dropped    connections dropped because their queue was full
 * @param replayed   events sent from the log on reconnect
 * @param connects   streams opened in all
 */
public record HubStats(int connected, long published, long deliveries, long dropped, long replayed, long connects) {
}
