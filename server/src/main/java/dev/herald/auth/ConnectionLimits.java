package dev.herald.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Concurrent stream limits per IP and per user; every granted slot must be released once.
 * The address {@code local} (exempt loopback clients) has no IP limit, only the per-user one.
 */
public final class ConnectionLimits {
    private final int perIp;
    private final int perUser;
    private final Map<String, Integer> byIp = new ConcurrentHashMap<>();
    private final Map<String, Integer> byUser = new ConcurrentHashMap<>();

    public ConnectionLimits(int perIp, int perUser) {
        this.perIp = perIp;
        this.perUser = perUser;
    }

    /** Takes a slot; returns null when granted, else why not. */
    public synchronized String acquire(String ip, String user) {
        if (!ip.equals("local") && byIp.getOrDefault(ip, 0) >= perIp) {
            return "too many open streams from " + ip + " (limit " + perIp + ")";
        }
        if (user != null && byUser.getOrDefault(user, 0) >= perUser) {
            return "too many open streams for user " + user + " (limit " + perUser + ")";
        }
        byIp.merge(ip, 1, Integer::sum);
        if (user != null) {
            byUser.merge(user, 1, Integer::sum);
        }
        return null;
    }

    public synchronized void release(String ip, String user) {
        byIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        if (user != null) {
            byUser.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
