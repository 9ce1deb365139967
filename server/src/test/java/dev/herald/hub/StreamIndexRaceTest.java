package dev.herald.hub;

import dev.herald.store.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams come and go on many threads at once (a reconnect storm: a tab's new stream subscribes
 * while its old one is removed). Neither order may lose a live stream from the topic or user index
 * (it would get no more events on its topics or for its user) or keep a removed one in it (it would
 * be counted as a recipient for good). Each round races one add against one remove on two threads.
 */
class StreamIndexRaceTest {
    private static final int ROUNDS = 20_000;
    private static final StoredEvent ON_TOPIC = new StoredEvent(1, Instant.now(), List.of("t"), List.of(), null, "{}");
    private static final StoredEvent FOR_USER = new StoredEvent(2, Instant.now(), List.of("all"), List.of("u"), null, "{}");

    private static Subscriber stream(String id) {
        return new Subscriber(id, new ConnectionInfo(Set.of("all", "t"), "u", "ip", "ua", Instant.now()), 4);
    }

    @Test
    void aStreamAddedWhileTheLastOtherOneOfItsTopicAndUserLeavesStaysIndexed() throws Exception {
        StreamIndex index = new StreamIndex();
        race(i -> {
            Subscriber old = stream("old" + i);
            index.add(old);
            return old;
        }, index::remove, (i, old) -> {
            Subscriber fresh = stream("new" + i);
            index.add(fresh);
            return fresh;
        }, (i, fresh) -> {
            assertThat(index.countRecipients(ON_TOPIC)).as("round %d, topic", i).isEqualTo(1);
            assertThat(index.countRecipients(FOR_USER)).as("round %d, user", i).isEqualTo(1);
            index.remove(fresh);
        });
    }

    @Test
    void aStreamRemovedWhileItIsBeingAddedLeavesNoTrace() throws Exception {
        StreamIndex index = new StreamIndex();
        race(i -> stream("s" + i), s -> {
            while (!index.remove(s)) {
                Thread.onSpinWait(); // until add has put it in: the remove lands in the middle of add or after
            }
        }, (i, s) -> {
            index.add(s);
            return s;
        }, (i, s) -> {
            assertThat(index.size()).as("round %d", i).isZero();
            assertThat(index.countRecipients(ON_TOPIC)).as("round %d, topic", i).isZero();
            assertThat(index.countRecipients(FOR_USER)).as("round %d, user", i).isZero();
        });
    }

    interface Step<A, B> {
        B apply(int round, A a);
    }

    interface Check<T> {
        void accept(int round, T t);
    }

    // Each round: prepare on this thread, then helper(prepared) on the helper thread and
    // main(prepared) on this one at the same moment, then check(main's result).
    private static <P, M> void race(IntFunction<P> prepare, Consumer<P> helper,
                                    Step<P, M> main, Check<M> check) throws Exception {
        CyclicBarrier go = new CyclicBarrier(2);
        CyclicBarrier done = new CyclicBarrier(2);
        AtomicReference<P> job = new AtomicReference<>();
        Thread other = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    go.await();
                    helper.accept(job.get());
                    done.await();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < ROUNDS; i++) {
            P prepared = prepare.apply(i);
            job.set(prepared);
            go.await();
            M result = main.apply(i, prepared);
            done.await();
            check.accept(i, result);
        }
        other.join();
    }
}
