package dev.herald.auth;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Concurrent stream limits per IP, per user and in all; every granted slot must be released once.
 * The address {@code local} (exempt loopback clients) has no IP limit, only the per-user one and the total.
 */
public final class ConnectionLimits {
    // Descriptors kept free beside the streams: publishes, the admin app, the store, the JVM's own files.
    private static final long RESERVE = 500;

    /** Why a stream was refused; {@code serverFull} when it is the total, not the caller's share. */
    public record Refusal(String detail, boolean serverFull) {
    }

    private final int perIp;
    private final int perUser;
    private final int total;
    private final Map<String, Integer> byIp = new ConcurrentHashMap<>();
    private final Map<String, Integer> byUser = new ConcurrentHashMap<>();
    private int open; // guarded by this

    public ConnectionLimits(int perIp, int perUser, int total) {
        this.perIp = perIp;
        this.perUser = perUser;
        this.total = total;
    }

    /**
     * The default total: the process's open-file limit less a reserve (a tenth of it when that is
     * less than 500). Each stream holds a descriptor, and at the limit Helidon's listener ends
     * (docs/helidon-notes.md): refusing a stream first leaves room for everything else.
     */
    public static int totalForOpenFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return totalFor(unix.getMaxFileDescriptorCount());
        }
        return Integer.MAX_VALUE; // no such limit to stay under (Windows)
    }

    static int totalFor(long openFiles) {
        long reserve = Math.min(RESERVE, openFiles / 10);
        return (int) Math.clamp(openFiles - reserve, 1, Integer.MAX_VALUE);
    }

    public int total() {
        return total;
    }

    /** Takes a slot; returns null when granted, else why not. */
    public synchronized Refusal acquire(String ip, String user) {
        Refusal refused = check(ip, user);
        if (refused != null) {
            return refused;
        }
        open++;
        byIp.merge(ip, 1, Integer::sum);
        if (user != null) {
            byUser.merge(user, 1, Integer::sum);
        }
        return null;
    }

    /** Why a slot would be refused now (null: it would be granted); takes nothing. */
    public synchronized Refusal check(String ip, String user) {
        if (open >= total) {
            return new Refusal("this server holds its most open streams (" + total
                    + ", herald.limits.connections.total); try again shortly or another node", true);
        }
        if (!ip.equals("local") && byIp.getOrDefault(ip, 0) >= perIp) {
            return new Refusal("too many open streams from " + ip + " (limit " + perIp + ")", false);
        }
        if (user != null && byUser.getOrDefault(user, 0) >= perUser) {
            return new Refusal("too many open streams for user " + user + " (limit " + perUser + ")", false);
        }
        return null;
    }

    public synchronized void release(String ip, String user) {
        open--;
        byIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        if (user != null) {
            byUser.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
