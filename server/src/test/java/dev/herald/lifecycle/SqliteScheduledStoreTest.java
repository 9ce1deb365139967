package dev.herald.lifecycle;

import dev.herald.store.EventLogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteScheduledStoreTest extends ScheduledStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ScheduledStore create() {
        return new SqliteScheduledStore(dir);
    }

    @Test
    void aStoreThatCannotWriteSaysSoAsAStorageFailure() {
        // The HTTP layer answers a storage failure with 503 (store_unavailable): a schedule racing the
        // shutdown was a 500 with a stack trace in the log before.
        ScheduledStore store = create();
        store.close();
        assertThatThrownBy(() -> store.add("{\"message\":\"late\"}", Instant.now().plusSeconds(60), Instant.now()))
                .isInstanceOf(EventLogException.class).hasMessageContaining("could not store the scheduled notification");
    }
}
