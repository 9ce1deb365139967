package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Users;
import dev.herald.http.ApiException;
import dev.herald.http.ControlCharacters;
import dev.herald.http.JsonBody;
import dev.herald.http.JsonNumbers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a POST /notify body into a {@link NotificationRequest}, or a 400 that says exactly what
 * is wrong. Unknown fields are refused too, so a typo ({@code "titel"}) is not silently dropped.
 */
public final class NotificationParser {
    public static final int MAX_TITLE = 200;
    public static final int MAX_TAGS = 16;
    public static final int MAX_TAG = 64;
    public static final int MAX_URL = 2048;
    public static final int MAX_TTL = 365 * 24 * 3600;
    public static final int MAX_USERS = 100;
    private static final Set<String> FIELDS = Set.of("message", "title", "level", "topic", "topics", "tags",
            "url", "ttl", "user", "users", "at", "delay");

    private final int maxMessage;

    public NotificationParser(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    public NotificationRequest parse(byte[] body) {
        return parse(JsonBody.parse(body));
    }

    /**
     * A batch body: a JSON array of 1 to {@code max} notification objects, each checked like a single
     * one and without at/delay. The first bad one is named by its index ({@code [3]: ...}).
     */
    public List<NotificationRequest> parseBatch(byte[] body, int max) {
        JsonNode root = JsonBody.parse(body);
        if (!root.isArray() || root.isEmpty()) {
            throw ApiException.badRequest("invalid_body",
                    "body must be a non-empty JSON array of notifications like [{\"message\":\"Hello\"}]");
        }
        if (root.size() > max) {
            throw ApiException.badRequest("batch_too_large",
                    "the batch has " + root.size() + " notifications; the limit is " + max);
        }
        List<NotificationRequest> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            try {
                if (present(item, "at") || present(item, "delay")) {
                    throw ApiException.badRequest("invalid_schedule",
                            "\"at\" and \"delay\" are not allowed in a batch; schedule with POST /notify");
                }
                out.add(parse(item));
            } catch (ApiException e) {
                throw new ApiException(e.status(), e.error(), "[" + i + "]: " + e.detail());
            }
        }
        return out;
    }

    /**
     * Checks an object body. A whole {@code ttl} written {@code 3600.0} or {@code 3.6e3} is already the integer 3600
     * in a tree from {@link JsonBody}, so a scheduled body is stored (and shown to operators) as 3600.
     */
    public NotificationRequest parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("invalid_body", "body must be a JSON object like {\"message\":\"Hello\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown_field", "unknown field " + Text.quote(name)
                        + "; allowed: message, title, level, topic, topics, tags, url, ttl, user, users (and at, delay outside a batch)");
            }
        }
        String message = string(root, "message");
        if (message == null || Text.isBlank(message)) {
            throw ApiException.badRequest("missing_message", "\"message\" is required and must not be empty (nor only spaces or invisible characters)");
        }
        int length = Text.length(message);
        if (length > maxMessage) {
            throw ApiException.badRequest("message_too_long",
                    "\"message\" has " + length + " characters; the limit is " + maxMessage);
        }
        if (ControlCharacters.in(message, true)) {
            throw ApiException.badRequest("control_characters", "\"message\" may not contain control characters other than newline and tab, nor bidirectional overrides");
        }
        String title = plainText(root, "title", MAX_TITLE);
        String levelName = string(root, "level");
        Level level = levelName == null ? Level.INFO : Level.parse(levelName);
        if (level == null) {
            throw ApiException.badRequest("invalid_level",
                    "\"level\" must be one of info, success, warning, error; got " + Text.quote(levelName));
        }
        return new NotificationRequest(message, title, level, topics(root), tags(root), url(root), ttl(root),
                users(root));
    }

    private static boolean present(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    private static String string(JsonNode root, String field) {
        if (!present(root, field)) {
            return null;
        }
        JsonNode n = root.get(field);
        if (!n.isTextual()) {
            throw ApiException.badRequest("invalid_type", "\"" + field + "\" must be a string, not " + kind(n));
        }
        return JsonBody.requireWholeText(field, n.textValue());
    }

    private static String plainText(JsonNode root, String field, int max) {
        String s = string(root, field);
        if (s == null) {
            return null;
        }
        if (Text.length(s) > max) {
            throw ApiException.badRequest("field_too_long", "\"" + field + "\" is longer than " + max + " characters");
        }
        if (ControlCharacters.in(s, false)) {
            throw ApiException.badRequest("control_characters", "\"" + field + "\" may not contain control characters");
        }
        return Text.isBlank(s) ? null : s;
    }

    private static List<String> stringArray(JsonNode root, String field) {
        if (!present(root, field)) {
            return List.of();
        }
        JsonNode n = root.get(field);
        if (!n.isArray()) {
            throw ApiException.badRequest("invalid_type", "\"" + field + "\" must be an array of strings, not " + kind(n));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("invalid_type", "\"" + field + "\" items must be strings, not " + kind(item));
            }
            out.add(JsonBody.requireWholeText(field, item.textValue()));
        }
        return out;
    }

    // topics or users: when given, not empty. A sender that computed an empty audience must not
    // reach everyone instead (leaving the field out is how to mean "everyone").
    private static List<String> audience(JsonNode root, String field) {
        List<String> names = stringArray(root, field);
        if (names.isEmpty() && present(root, field)) {
            throw ApiException.badRequest("empty_" + field, "\"" + field
                    + "\" is an empty array, which would reach nobody; name at least one, or leave it out to send to everyone");
        }
        return names;
    }

    private static List<String> topics(JsonNode root) {
        Set<String> topics = new LinkedHashSet<>();
        String one = string(root, "topic");
        if (one != null) {
            topics.add(Topics.require(one));
        }
        for (String t : audience(root, "topics")) {
            topics.add(Topics.require(t));
        }
        if (topics.size() > Topics.MAX_PER_REQUEST) {
            throw ApiException.badRequest("too_many_topics", "at most " + Topics.MAX_PER_REQUEST + " topics");
        }
        return topics.isEmpty() ? List.of(Topics.DEFAULT) : List.copyOf(topics);
    }

    private static List<String> users(JsonNode root) {
        Set<String> users = new LinkedHashSet<>();
        String one = string(root, "user");
        if (one != null) {
            users.add(one);
        }
        users.addAll(audience(root, "users"));
        if (users.size() > MAX_USERS) {
            throw ApiException.badRequest("too_many_users", "at most " + MAX_USERS + " users");
        }
        for (String u : users) {
            if (!Users.valid(u)) {
                throw ApiException.badRequest("invalid_user", Users.RULE + "; got " + Text.quote(u));
            }
        }
        return List.copyOf(users);
    }

    private static List<String> tags(JsonNode root) {
        // Repeats are stored once, so they count once, as in topics and users (17 with a repeat was refused).
        Set<String> tags = new LinkedHashSet<>(stringArray(root, "tags"));
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest("too_many_tags", "at most " + MAX_TAGS + " tags");
        }
        for (String t : tags) {
            if (Text.isBlank(t) || Text.length(t) > MAX_TAG || ControlCharacters.in(t, false)) {
                throw ApiException.badRequest("invalid_tag", "tag " + Text.quote(t)
                        + " must be 1-" + MAX_TAG + " characters without control characters");
            }
        }
        return List.copyOf(tags);
    }

    private static String url(JsonNode root) {
        String url = string(root, "url");
        if (url == null) {
            return null;
        }
        if (url.length() > MAX_URL || ControlCharacters.in(url, false)) {
            throw ApiException.badRequest("invalid_url", "\"url\" must be at most " + MAX_URL + " characters without control characters");
        }
        String problem = WebUrl.problem(url);
        if (problem != null) {
            throw ApiException.badRequest("invalid_url", "\"url\" must be an http(s) URL or a path starting with /; "
                    + Text.quote(url) + " " + problem);
        }
        return url;
    }

    private static Integer ttl(JsonNode root) {
        if (!present(root, "ttl")) {
            return null;
        }
        Long seconds = JsonNumbers.whole(root.get("ttl"), 1, MAX_TTL); // 3600, 3600.0 and 3.6e3 alike
        if (seconds == null) {
            throw ApiException.badRequest("invalid_ttl", "\"ttl\" must be a whole number of seconds from 1 to " + MAX_TTL);
        }
        return seconds.intValue();
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> n.getNodeType().name().toLowerCase();
        };
    }
}
