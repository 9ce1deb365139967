package dev.herald.store;

import java.util.List;

/**
 * The part of an {@link EventFilter} that SQLite checks itself while it scans for a reader of every
 * topic (readers of some topics look up the {@link AudienceIndex} instead): the reader's user when the
 * event is addressed to users. It lets through a superset of what the filter accepts (visibility and
 * expiry stay in Java, which still decides on every row), and a row it skips costs no column reads
 * through JDBC.
 *
 * <p>The column holds the users joined by {@code \n}; a user matches when {@code \n<name>\n} is in
 * {@code \n<column>\n} (exact names: "ann" does not match "joann").
 */
record SqlPrefilter(String sql, List<String> params) {
    static SqlPrefilter of(EventFilter f) {
        if (f.anyUser()) {
            return new SqlPrefilter("", List.of());
        }
        if (f.user() == null) {
            return new SqlPrefilter(" AND users = ''", List.of());
        }
        // ?1 and ?2 are the read's cursor and page size
        return new SqlPrefilter(" AND (users = '' OR instr(char(10) || users || char(10), ?3) > 0)",
                List.of("\n" + f.user() + "\n"));
    }
}
