package dev.herald.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of an {@link EventFilter} that SQLite checks itself while it scans (for a reader of every
 * topic, or while the {@link AudienceIndex} is being built): the reader's topics (or the broadcast
 * topic) among the event's, and the reader's user when the event is addressed to users. It lets
 * through a superset of what the filter accepts (visibility and expiry stay in Java, which still
 * decides on every row), and a row it skips costs no column reads through JDBC.
 *
 * <p>The columns hold the lists joined by {@code \n}; an element matches when {@code \n<name>\n} is in
 * {@code \n<column>\n} (exact names: "ops" does not match "devops"). Parameters ?1 and ?2 are the
 * read's cursor and page size; the prefilter's own are ?3 on.
 */
record SqlPrefilter(String sql, List<String> params) {
    static SqlPrefilter of(EventFilter f) {
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        if (!f.anyUser()) {
            if (f.user() == null) {
                sql.append(" AND users = ''");
            } else {
                sql.append(" AND (users = '' OR ").append(contains("users", params, f.user())).append(')');
            }
        }
        if (f.topics() != null) {
            sql.append(" AND (").append(contains("topics", params, EventFilter.BROADCAST));
            for (String t : f.topics()) {
                if (!EventFilter.BROADCAST.equals(t)) {
                    sql.append(" OR ").append(contains("topics", params, t));
                }
            }
            sql.append(')');
        }
        return new SqlPrefilter(sql.toString(), List.copyOf(params));
    }

    private static String contains(String column, List<String> params, String name) {
        params.add("\n" + name + "\n");
        return "instr(char(10) || " + column + " || char(10), ?" + (params.size() + 2) + ") > 0";
    }
}
