package dev.herald.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;

/**
 * The layout of one of Herald's SQLite files, numbered in the file's own header ({@code PRAGMA user_version}),
 * and the steps that bring an older file up to it. A file a newer Herald wrote (a higher number) is refused
 * at start: that build may have changed what a row means, and writing to it with older code could damage it
 * where the newer build can no longer read it back. The number lives in the header, not in a {@code meta} row,
 * because {@code herald.db}'s {@code meta} holds integers and {@code scheduled.db}'s holds text.
 *
 * <p>Files made before the number existed read 0 and hold the tables of step 1, which are written
 * {@code CREATE … IF NOT EXISTS}, so step 1 both makes a new file and adopts such a one unchanged. A new
 * table or column is a new step at the end of the list (never an edit of an earlier step: files that took
 * it would not take it again).
 */
public final class SqliteSchema {
    private static final Logger LOG = Logger.getLogger(SqliteSchema.class.getName());
    private final List<List<String>> steps;

    /** @param steps step n (from 1) takes a file from version n - 1 to n: its statements, run in order */
    @SafeVarargs
    public SqliteSchema(List<String>... steps) {
        this.steps = List.of(steps);
    }

    /** The version this build writes: the number of steps. */
    public int latest() {
        return steps.size();
    }

    /**
     * Runs the steps the file lacks in one transaction (all of them or none), after refusing a file of a
     * newer Herald. Does nothing to a file already at {@link #latest()}.
     *
     * @param c a connection in autocommit mode, as {@link SqliteFile#open()} returns it
     * @throws NewerFile when a newer Herald wrote the file
     */
    public void upgrade(Connection c, Path path) throws SQLException {
        if (version(c) == latest()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // read the number again under the write lock: it decides the steps
            try {
                int found = version(c);
                boolean existing = tables(c) > 0;
                if (found > latest()) {
                    throw new NewerFile(path, found, latest());
                }
                for (List<String> step : steps.subList(found, latest())) {
                    for (String sql : step) {
                        st.execute(sql);
                    }
                }
                st.execute("PRAGMA user_version = " + latest());
                st.execute("COMMIT");
                if (existing) {
                    LOG.info(path + ": layout version " + found + " brought up to " + latest());
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException alreadyRolledBack) { // SQLite ends some failed transactions itself
                    e.addSuppressed(alreadyRolledBack);
                }
                throw e;
            }
        }
    }

    /** The file's layout version: 0 for a new file and for one made before versions were kept. */
    public static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    // Tables before the steps: an existing file is worth a log line when it changes, a new one is not.
    private static int tables(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The file was written by a newer Herald: the start stops, naming the file and both versions. */
    public static final class NewerFile extends IllegalStateException {
        NewerFile(Path path, int found, int latest) {
            super(path + " was written by a newer Herald (layout version " + found + "; this build knows up to "
                    + latest + "): start the newer build again, or go back to the copy of the data directory made before"
                    + " the upgrade (README, \"Upgrading\")");
        }
    }
}
