package dev.herald.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Glob patterns over topic names ({@code herald.auth.private}, a token's {@code topics}). */
class TopicPatternsTest {
    private static boolean matches(String glob, String topic) {
        return new TopicPatterns(List.of(glob)).matches(topic);
    }

    @Test
    void starMatchesAnyRunOfCharactersAndTheRestLiterally() {
        assertThat(matches("user.*", "user.alice")).isTrue();
        assertThat(matches("user.*", "user.")).isTrue();
        assertThat(matches("user.*", "users.alice")).as("the dot is a dot").isFalse();
        assertThat(matches("user.*", "xuser.alice")).isFalse();
        assertThat(matches("*-alerts", "team-a-alerts")).isTrue();
        assertThat(matches("*-alerts", "team-a-alerts2")).isFalse();
        assertThat(matches("team-*-alerts", "team--alerts")).isTrue();
        assertThat(matches("team-*-alerts", "team-a-b-alerts")).isTrue();
        assertThat(matches("team-*-alerts", "team-alerts")).isFalse();
        assertThat(matches("*", "anything")).isTrue();
        assertThat(matches("a**b", "ab")).isTrue();
        assertThat(matches("*a*b*", "xxaxxbxx")).isTrue();
        assertThat(matches("*a*b*", "xxbxxaxx")).isFalse();
        assertThat(matches("ops", "ops")).isTrue();
        assertThat(matches("ops", "ops2")).isFalse();
        assertThat(new TopicPatterns(List.of(" ", "")).isEmpty()).isTrue();
        assertThat(new TopicPatterns(List.of("x", " team-* ")).matches("team-1")).as("trimmed").isTrue();
    }

    /**
     * The patterns were regular expressions ({@code .*} per star), matched against topic names a caller chooses:
     * a pattern with a few stars backtracked exponentially on a name that almost matches ({@code team-*a*a*a*a*a*a*b}
     * took 5 s on one topic of 63 characters, two stars more took 6 minutes), one CPU per request.
     */
    @Test
    void manyStarsAgainstANearMissAnswerAtOnce() {
        String glob = "team-" + "*a".repeat(20) + "*b";
        String topic = "team-" + "a".repeat(59);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 1000; i++) {
                assertThat(matches(glob, topic)).isFalse();
            }
            assertThat(matches(glob, topic + "b")).isTrue();
        });
    }
}
