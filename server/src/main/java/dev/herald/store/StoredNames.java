package dev.herald.store;

import java.util.List;

/**
 * How both logs store an event's topics and users in one field: joined by newlines (names cannot hold
 * one: topics and users are validated before they get here).
 */
final class StoredNames {
    private StoredNames() {
    }

    static String join(List<String> names) {
        return String.join("\n", names);
    }

    /** The names of a stored field; none for an empty or missing one. */
    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }
}
