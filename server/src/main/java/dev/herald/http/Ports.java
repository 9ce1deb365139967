package dev.herald.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

import static dev.herald.http.ListenerKeeper.CALM;
import static dev.herald.http.ListenerKeeper.LONGEST_RETRY;
import static dev.herald.http.ListenerKeeper.TRIES;

/** What {@link ListenerKeeper} asks of a port: does it take connections, could it be bound again. */
final class Ports {
    private static final Logger LOG = Logger.getLogger(ListenerKeeper.class.getName());

    private Ports() {
    }

    /**
     * Whether one of the ports refuses connections (Helidon's listener there ended). Tries each port a
     * few times; tries that can tell nothing (this process out of descriptors too) go on, every 10 s,
     * until one can tell: giving up would leave an ended listener unwatched, as it never logs again.
     * {@code current} gives the ports, or null once the keeper is closed.
     */
    static boolean anyRefuses(Map<String, String> hosts, Supplier<Map<String, Integer>> current) {
        int tried = 0;
        long unsureSince = 0;
        while (true) {
            if (!sleep(TRIES.get(Math.min(tried, TRIES.size() - 1)))) {
                return false;
            }
            Map<String, Integer> on = current.get();
            if (on == null) {
                return false; // closed meanwhile
            }
            boolean sure = true;
            for (var e : on.entrySet()) {
                Boolean refuses = refuses(hosts.get(e.getKey()), e.getValue());
                if (Boolean.TRUE.equals(refuses)) {
                    return true;
                }
                sure &= refuses != null;
            }
            tried++;
            if (sure && tried >= TRIES.size()) {
                return false;
            }
            if (!sure && tried >= TRIES.size()) {
                long now = System.nanoTime();
                if (unsureSince == 0 || now - unsureSince > CALM.toNanos()) {
                    LOG.warning("cannot tell whether the listeners on " + on + " still take connections (out of"
                            + " descriptors?); trying again every " + LONGEST_RETRY.toSeconds() + " s");
                    unsureSince = now;
                }
                sleep(LONGEST_RETRY);
            }
        }
    }

    /** True when the port refuses connections, false when it takes them, null when this cannot tell. */
    static Boolean refuses(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(local(host), port), 2000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException unsure) {
            return null; // out of descriptors ourselves, or slow
        }
    }

    /** Null when the port could be bound now, else why not. */
    static String cannotBind(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    // A listener on every address (0.0.0.0) is reached on loopback.
    private static InetAddress local(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
    }

    /** False when interrupted (the interrupt is kept). */
    static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
