package dev.herald.admin.ui.compose;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's POST /notify rules (dev.herald.notify.NotificationParser), checked as the operator
 * types, so most mistakes show before sending. The server stays the judge: its 400 is shown too.
 */
final class DraftValidator {
    static final int MAX_TITLE = 200;
    static final int MAX_TAGS = 16;
    static final int MAX_TAG = 64;
    static final int MAX_URL = 2048;
    static final int MAX_TTL = 365 * 24 * 3600;
    static final int MAX_TOPICS = 32;
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private DraftValidator() {
    }

    /**
     * Comma-separated entries, stripped, without empties and duplicates. Only commas separate:
     * user ids and tags may contain spaces ("jane doe"), and a topic with a space must be
     * reported as invalid rather than quietly becoming two topics.
     */
    static List<String> split(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (text != null) {
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The list as the form shows it, so that {@link #split} gives it back unchanged. */
    static String join(List<String> entries) {
        return String.join(", ", entries);
    }

    /** Whether the server accepts this topic name (dev.herald.notify.Topics). */
    static boolean isTopic(String topic) {
        return TOPIC.matcher(topic).matches();
    }

    /** Mirrors the server's user-id rule (auth/Users) and its limit of 100 users. */
    static String usersProblem(List<String> users) {
        if (users.size() > 100) {
            return "At most 100 users";
        }
        for (String u : users) {
            // one line wherever it shows: no line or paragraph separator either (auth/Users)
            if (u.isEmpty() || u.length() > 128 || !u.strip().equals(u) || hasControl(u, false)
                    || u.indexOf('\u2028') >= 0 || u.indexOf('\u2029') >= 0) {
                return "User \"" + u + "\" must be 1-128 characters without control characters, direction overrides,"
                        + " line breaks or spaces at either end";
            }
        }
        return null;
    }

    /** The first problem, or null when the server would accept it. */
    static String problem(String message, int maxMessage, String title, List<String> topics, List<String> tags,
                          String url, String ttl) {
        if (message == null || isBlank(message)) {
            return "Message is required";
        }
        if (length(message) > maxMessage) {
            return "Message has " + length(message) + " characters; the server allows " + maxMessage;
        }
        if (hasControl(message, true)) {
            return "Message may not contain control characters other than newline and tab, nor direction overrides";
        }
        if (title != null && length(title) > MAX_TITLE) {
            return "Title is longer than " + MAX_TITLE + " characters";
        }
        if (title != null && hasControl(title, false)) {
            return "Title may not contain control characters nor direction overrides";
        }
        if (topics.size() > MAX_TOPICS) {
            return "At most " + MAX_TOPICS + " topics";
        }
        for (String t : topics) {
            if (!isTopic(t)) {
                return "Topic \"" + t + "\" must be 1-64 letters, digits or _.:- (no spaces; separate topics with commas)";
            }
        }
        if (tags.size() > MAX_TAGS) {
            return "At most " + MAX_TAGS + " tags";
        }
        for (String t : tags) {
            if (length(t) > MAX_TAG || hasControl(t, false)) {
                return "Tag \"" + t + "\" must be 1-" + MAX_TAG + " characters without control characters";
            }
        }
        String urlProblem = urlProblem(url);
        if (urlProblem != null) {
            return urlProblem;
        }
        if (ttl != null && !ttl.isBlank() && parseTtl(ttl) == null) {
            return "TTL must be a whole number of seconds from 1 to " + MAX_TTL;
        }
        return null;
    }

    static Integer parseTtl(String ttl) {
        if (ttl == null || ttl.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(ttl.trim());
            return n >= 1 && n <= MAX_TTL ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.trim();
        if (u.length() > MAX_URL || hasControl(u, false)) {
            return "Click URL must be at most " + MAX_URL + " characters";
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme();
            boolean absolute = scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null;
            boolean relative = scheme == null && u.startsWith("/") && !u.startsWith("//");
            return absolute || relative ? null : "Click URL must be an http(s) URL or a path starting with /";
        } catch (URISyntaxException e) {
            return "Click URL is not valid: " + e.getReason();
        }
    }

    /** Nothing would show, as the server judges it (dev.herald.notify.Text.isBlank): also no-break and zero-width spaces. */
    static boolean isBlank(String s) {
        return s.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }

    /** Length as the server counts it (dev.herald.notify.Text): an emoji is one character, not two. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    // The server's rule (dev.herald.http.ControlCharacters; DraftRulesAgreeWithServerTest compares them):
    // C0, DEL and C1 controls, and direction overrides: "invoice\u202Eexe.pdf" shows as "invoicefdp.exe".
    private static boolean hasControl(String s, boolean allowNewlines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 0x7f && c <= 0x9f) || (c < 0x20 && !(allowNewlines && (c == '\n' || c == '\t' || c == '\r')))
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                return true;
            }
        }
        return false;
    }
}
