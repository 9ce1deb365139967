package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Who is calling, by address: for per-IP limits (streams, relayed receipts). */
public final class ClientAddress {
    private static final Pattern V6_LITERAL = Pattern.compile("[0-9a-f:.]+");
    private ClientAddress() {
    }

    /** The client's address: the peer, or with {@code trustProxy} the entry our proxy added to X-Forwarded-For. */
    public static String of(ServerRequest req, boolean trustProxy) {
        if (trustProxy) {
            String peer = forwardedPeer(req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
            if (peer != null) {
                return peer;
            }
        }
        return req.remotePeer().host();
    }

    /**
     * What per-IP limits count by: an IPv6 client by its /64 ({@code 2001:db8:1:2::/64}), IPv4 and IPv4-mapped
     * clients ({@code ::ffff:203.0.113.9} is {@code 203.0.113.9}), and IPv4 clients behind a NAT64 translator
     * ({@code 64:ff9b::cb00:7109}), by the IPv4 address. A host is commonly given a
     * whole /64 and picks any address in it (privacy addresses change by themselves), so counting each address
     * let one host open as many streams as it liked (a tester's find). Anything that is no address literal
     * (a proxy's {@code unknown}) is counted as it is; a name is never resolved.
     */
    public static String limitKey(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%'); // fe80::1%eth0: the zone names this machine's interface, not the client
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.indexOf(':') < 0 || !V6_LITERAL.matcher(a).matches()) {
            return address;
        }
        try {
            // With brackets the JDK parses an IPv6 literal or refuses it, and never asks DNS.
            InetAddress parsed = InetAddress.getByName("[" + a + "]");
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress(); // IPv4-mapped: the JDK gives the IPv4 address
            }
            byte[] b = parsed.getAddress();
            if (group(b, 0) == 0x64 && group(b, 2) == 0xff9b && group(b, 4) == 0 && group(b, 6) == 0
                    && group(b, 8) == 0 && group(b, 10) == 0) {
                // NAT64 (64:ff9b::/96, RFC 6052): IPv4 clients behind a translator, each by its IPv4 address
                return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            }
            return String.format("%x:%x:%x:%x::/64", group(b, 0), group(b, 2), group(b, 4), group(b, 6));
        } catch (UnknownHostException | IllegalArgumentException notALiteral) {
            return address;
        }
    }

    private static int group(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    /**
     * The address our proxy saw: the last entry of X-Forwarded-For. The entries before it are whatever
     * the client sent (a proxy appends to the header), so "127.0.0.1, <real>" or a new made-up first
     * entry per request must not pass for loopback or for another client (found in a QA pass).
     */
    public static String forwardedPeer(List<String> headerValues) {
        String last = null;
        for (String value : headerValues) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    last = entry.trim();
                }
            }
        }
        return last;
    }
}
