package dev.herald.notify;

import dev.herald.http.ApiException;
import dev.herald.store.EventFilter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Topic names: {@code [A-Za-z0-9_.:-]{1,64}}; {@code all} is the broadcast topic. */
public final class Topics {
    public static final String DEFAULT = EventFilter.BROADCAST;
    public static final int MAX_PER_REQUEST = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private Topics() {
    }

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns the name or throws a 400 naming the offending value (control chars shown escaped). */
    public static String require(String name) {
        if (!valid(name)) {
            throw ApiException.badRequest("invalid_topic",
                    "topic " + Text.quote(name) + " must match [A-Za-z0-9_.:-]{1,64}");
        }
        return name;
    }

    /** Parses query values ({@code topic=a&topic=b} or {@code topic=a,b}) in order, without duplicates. */
    public static Set<String> parse(List<String> values) {
        Set<String> topics = new LinkedHashSet<>();
        for (String value : values) {
            for (String t : value.split(",", -1)) {
                topics.add(require(t.trim()));
            }
        }
        if (topics.size() > MAX_PER_REQUEST) {
            throw ApiException.badRequest("too_many_topics", "at most " + MAX_PER_REQUEST + " topics");
        }
        return topics;
    }
}
