package dev.herald.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an {@link EventFilter} that SQLite checks itself while it scans: the reader's topics
 * (or the broadcast topic) among the event's, and the reader's user when the event is addressed to
 * users. It lets through a superset of what the filter accepts (visibility and expiry stay in Java,
 * which still decides on every row), and a row it skips costs no column reads through JDBC.
 * Without it a stream whose few events lie behind 100,000 others (a user's tab back after a night)
 * read all 100,000 into Java, ~250 ms, while holding a setup slot that every other new stream waits for.
 *
 * <p>The columns hold the lists joined by {@code \n}; an element matches when {@code \n<name>\n} is in
 * {@code \n<column>\n} (exact names: "ops" does not match "devops").
 */
record SqlPrefilter(String sql, List<String> params) {
    private static final String IN_TOPICS = "instr(char(10) || topics || char(10), ?) > 0";

    static SqlPrefilter of(EventFilter f) {
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        if (!f.anyUser()) {
            if (f.user() == null) {
                sql.append(" AND users = ''");
            } else {
                sql.append(" AND (users = '' OR instr(char(10) || users || char(10), ?) > 0)");
                params.add(element(f.user()));
            }
        }
        if (f.topics() != null) {
            sql.append(" AND (").append(IN_TOPICS);
            params.add(element(EventFilter.BROADCAST));
            for (String t : f.topics()) {
                if (!EventFilter.BROADCAST.equals(t)) {
                    sql.append(" OR ").append(IN_TOPICS);
                    params.add(element(t));
                }
            }
            sql.append(')');
        }
        return new SqlPrefilter(sql.toString(), List.copyOf(params));
    }

    private static String element(String name) {
        return "\n" + name + "\n";
    }

    /** Binds the parameters from {@code first} on; returns the index of the next one. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (String p : params) {
            ps.setString(i++, p);
        }
        return i;
    }
}
