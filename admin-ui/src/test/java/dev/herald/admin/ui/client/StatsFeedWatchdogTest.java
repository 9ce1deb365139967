package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.support.SilentServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A feed that goes quiet ends as UNREACHABLE instead of waiting forever on an open socket. */
class StatsFeedWatchdogTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);

    /** Records how the feed ended. */
    private static final class Ending implements StatsFeed.Listener {
        final AtomicBoolean opened = new AtomicBoolean();
        final CompletableFuture<HeraldException> closed = new CompletableFuture<>();

        @Override
        public void opened() {
            opened.set(true);
        }

        @Override
        public void event(String name, JsonNode data) {
        }

        @Override
        public void closed(HeraldException failure) {
            closed.complete(failure);
        }
    }

    @Test
    void silenceAfterTheHeadersEndsTheFeed() throws Exception {
        try (SilentServer server = SilentServer.afterHeaders()) {
            Ending ending = new Ending();
            long start = System.nanoTime();
            new StatsFeed(new HeraldClient(server.uri(), ""), ending, LIMIT);
            HeraldException failure = ending.closed.get(10, TimeUnit.SECONDS);
            assertThat(ending.opened).isTrue();
            assertThat(failure.kind()).isEqualTo(HeraldException.Kind.UNREACHABLE);
            assertThat(failure.detail()).startsWith("no data for 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aServerThatNeverAnswersEndsTheFeed() throws Exception {
        try (SilentServer server = SilentServer.mute()) {
            Ending ending = new Ending();
            new StatsFeed(new HeraldClient(server.uri(), ""), ending, LIMIT);
            HeraldException failure = ending.closed.get(10, TimeUnit.SECONDS);
            assertThat(ending.opened).isFalse();
            assertThat(failure.kind()).isEqualTo(HeraldException.Kind.UNREACHABLE);
            assertThat(failure.detail()).startsWith("no data for 1 s");
        }
    }

    @Test
    void closingByHandIsNotAFailure() throws Exception {
        try (SilentServer server = SilentServer.afterHeaders()) {
            Ending ending = new Ending();
            StatsFeed feed = new StatsFeed(new HeraldClient(server.uri(), ""), ending, Duration.ofSeconds(30));
            Thread.sleep(300);
            feed.close();
            assertThat(ending.closed.get(10, TimeUnit.SECONDS)).isNull();
        }
    }
}
