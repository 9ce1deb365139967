package dev.herald.notify;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a notification's {@code url} is one the web client will link: an http(s) URL or a path on
 * this server. Judged as a browser parses links, not as {@link URI} does: an international host
 * ({@code https://例え.jp/}) and characters browsers percent-encode themselves (a space, {@code {a,b}} in a
 * Grafana link, {@code |}) are fine; a port over 65535 is not (the browser would drop the link). The
 * URL is stored as given.
 */
final class WebUrl {
    // scheme://authority rest, the authority ending at the first / ? or # as in a browser
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?)://([^/?#]*)(.*)", Pattern.DOTALL);
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:]*)(?::(\\d*))?");
    private static final String BROWSER_ENCODES = " \"<>^`{|}";

    private WebUrl() {
    }

    /** Null when the browser would link it, else why not. */
    static String problem(String url) {
        if (url.indexOf('\\') >= 0) {
            return "has a backslash (browsers read it as /, other clients do not)";
        }
        if (url.startsWith("/")) {
            return url.startsWith("//") ? "is neither an http(s) URL nor a path starting with a single /"
                    : parses("http://h" + encoded(url));
        }
        Matcher m = ABSOLUTE.matcher(url);
        if (!m.matches()) {
            return "is neither an http(s) URL nor a path starting with /";
        }
        String authority = m.group(2);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        Matcher hp = HOST_PORT.matcher(hostPort);
        if (!hp.matches() || hp.group(1).isEmpty()) {
            return "has no host";
        }
        String port = hp.group(2);
        if (port != null && !port.isEmpty() && (port.length() > 5 || Integer.parseInt(port) > 65535)) {
            return "has a port above 65535";
        }
        String host = hp.group(1);
        if (!host.startsWith("[")) {
            try {
                host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return "has a host that is not a domain name: " + e.getMessage();
            }
        }
        // URI refuses "_" in a host name, browsers do not (my_host.internal)
        return parses(m.group(1) + "://" + host.replace('_', '-') + (port == null ? "" : ":" + port) + encoded(m.group(3)));
    }

    private static String parses(String ascii) {
        try {
            URI uri = new URI(ascii);
            return uri.getHost() == null ? "has no host" : null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
    }

    // What a browser percent-encodes on its own when it follows a link (and non-ASCII, as UTF-8), and
    // what it keeps as it is where URI refuses it: a % without two hex digits, a # after the first.
    private static String encoded(String rest) {
        StringBuilder out = new StringBuilder(rest.length());
        byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
        boolean fragment = false;
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean loneEscape = c == '%' && !(i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2]));
            if (c >= 0x80 || BROWSER_ENCODES.indexOf(c) >= 0 || loneEscape || (c == '#' && fragment)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append((char) c);
            }
            fragment |= c == '#';
        }
        return out.toString();
    }

    private static boolean hex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
