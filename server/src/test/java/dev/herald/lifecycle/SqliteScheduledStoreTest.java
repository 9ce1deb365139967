package dev.herald.lifecycle;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteScheduledStoreTest extends ScheduledStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ScheduledStore create() {
        return new SqliteScheduledStore(dir);
    }
}
