package dev.herald.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a Host header names this machine's loopback. A browser on this machine that opened a page of
 * evil.example, whose DNS then answers 127.0.0.1 (DNS rebinding), connects from loopback with
 * {@code Host: evil.example:8080} and a same-origin {@code Origin}: it passed as the local operator and could
 * publish, mint tokens and read every user's notifications. Names are never resolved: only localhost (and
 * *.localhost, which browsers keep on loopback themselves) and loopback address literals pass, in the forms
 * curl and other tools send as typed ({@code 127.1}, {@code 2130706433}, {@code [::ffff:127.0.0.1]},
 * {@code [::1%25lo]}); a literal is a number, never a name a DNS server could answer for.
 */
final class LoopbackHost {
    private static final Pattern V6_LITERAL = Pattern.compile("[0-9a-f:.]+(%[a-z0-9._-]+)?");

    private LoopbackHost() {
    }

    static boolean named(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && (end == h.length() - 1 || h.charAt(end + 1) == ':')
                    && loopbackV6(h.substring(1, end).replace("%25", "%"));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || firstByteOfV4(name) == 127;
    }

    // Only hex digits, colons, dots and a zone: with its brackets the JDK takes it as an IPv6 literal or
    // refuses it, and never asks DNS. An IPv4-mapped ::ffff:127.x.y.z comes back as its IPv4 address.
    private static boolean loopbackV6(String literal) {
        if (literal.indexOf(':') < 0 || !V6_LITERAL.matcher(literal).matches()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName("[" + literal + "]");
            return a.isLoopbackAddress();
        } catch (UnknownHostException | IllegalArgumentException notALiteral) {
            return false; // includes a zone naming no interface of this machine
        }
    }

    /**
     * The first byte of an IPv4 literal in the inet_aton forms tools accept as typed (1 to 4 decimal parts, the last
     * one filling the bytes left: {@code 127.1}, {@code 127.0.1}, {@code 2130706433}), or -1 when {@code name} is none.
     * Octal and hex parts are not read: such a Host is refused, never taken for loopback by mistake.
     */
    static int firstByteOfV4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long first = -1;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            // A leading 0 means octal to inet_aton and curl (0127 is 87): refused, not read as decimal.
            if (p.isEmpty() || p.length() > 10 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || p.length() > 1 && p.charAt(0) == '0') {
                return -1;
            }
            long v = Long.parseLong(p);
            boolean last = i == parts.length - 1;
            long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
            if (v > max) {
                return -1;
            }
            if (i == 0) {
                first = last ? v >>> 24 : v;
            }
        }
        return (int) first;
    }
}
