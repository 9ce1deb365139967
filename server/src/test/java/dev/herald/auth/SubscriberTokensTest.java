package dev.herald.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A replaced signing key (cluster mode's agreed key) keeps what was signed before valid, up to four keys back. */
class SubscriberTokensTest {
    private static byte[] key(int n) {
        return ("subscriber-token-key-number-" + n + "-padded-to-32-bytes").getBytes(StandardCharsets.UTF_8);
    }

    private static String mint(SubscriberTokens tokens) {
        return tokens.mint("alice", List.of("user.alice"), Duration.ofHours(1)).token();
    }

    @Test
    void tokensSignedWithTheLastFourKeysVerifyAndOlderOnesDoNot() throws Exception {
        SubscriberTokens tokens = new SubscriberTokens(key(0), Clock.systemUTC());
        String first = mint(tokens);
        assertThat(tokens.adopt(key(1))).isTrue();
        assertThat(tokens.adopt(key(1))).as("the same key again changes nothing").isFalse();
        String second = mint(tokens);
        assertThat(new SubscriberTokens(key(1), Clock.systemUTC()).verify(second).user()).isEqualTo("alice");
        assertThat(tokens.verify(first).user()).isEqualTo("alice");

        tokens.adopt(key(2));
        tokens.adopt(key(3));
        assertThat(tokens.verify(first).user()).isEqualTo("alice");
        tokens.adopt(key(4));
        assertThatThrownBy(() -> tokens.verify(first)).isInstanceOf(SubscriberTokens.InvalidToken.class)
                .hasMessageContaining("bad signature");
        assertThat(tokens.verify(second).user()).isEqualTo("alice");
        assertThat(tokens.signingKey()).isEqualTo(key(4));
    }

    @Test
    void aShortKeyIsNotAdopted() {
        SubscriberTokens tokens = new SubscriberTokens(key(0), Clock.systemUTC());
        assertThatThrownBy(() -> tokens.adopt(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens.signingKey()).isEqualTo(key(0));
    }
}
