package dev.herald.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A herald.redis.url that cannot work stops the start with a message naming the key and what is wrong. */
class RedisEndpointTest {

    // Found by an operator's tries: "/abc" stopped the start with only 'For input string: "abc"', "bob@" with
    // "Password not provided in uri.", a port past 65535 started and stayed DOWN for ever, and a URL Java
    // could not parse (a space in the password) was quoted whole, password and all.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://127.0.0.1:6379/abc     | database",
            "redis://127.0.0.1:6379/0/x     | database",
            "redis://127.0.0.1:6379/-1      | database",
            "redis://s3cret@127.0.0.1:6379  | password",
            "redis://:@127.0.0.1:6379       | password",
            "redis://127.0.0.1              | port",
            "redis://127.0.0.1:99999        | port",
            "redis://                       | host:port",
            "redis://:s3cret pw@127.0.0.1:1 | not a Redis URL",
            "redis://:a/s3cret@127.0.0.1:1  | not a Redis URL",
    })
    void aUrlThatCannotWorkIsRefusedNamingTheKeyAndTheProblem(String url, String problem) {
        assertThatThrownBy(() -> RedisEndpoint.parse(url, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("herald.redis.url")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://127.0.0.1:6379                 | redis://127.0.0.1:6379",
            "redis://127.0.0.1:6379/                | redis://127.0.0.1:6379/",
            "redis://:pw@redis.internal:6379/3      | redis://redis.internal:6379/3",
            "rediss://herald:pw@redis.internal:6380 | rediss://redis.internal:6380",
    })
    void aWorkableUrlIsTakenAndDescribedWithoutItsPassword(String url, String described) {
        assertThat(RedisEndpoint.parse(url, Duration.ofSeconds(1)).describe()).isEqualTo(described);
    }

    // Found by the twenty-third session's tester: "?timeout=5" and "?protocol=3" were ignored without a word, so an
    // operator believed a timeout set that was not. Herald reads none: the start stops naming them (names only:
    // a value may be a secret) and the setting to use.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://127.0.0.1:6379?timeout=5                 | timeout      | herald.redis.timeout",
            "redis://:pw@127.0.0.1:6379/0?protocol=3&ssl=true | protocol, ssl | rediss://",
            "redis://127.0.0.1:6379/0?password=s3cret         | password     | user:password@",
            "redis://127.0.0.1:6379#s3cret                    | #            | without",
            // A part without "=" (or with nothing before it) may be a value: counted, never echoed as a name.
            "redis://127.0.0.1:6379?s3cret                    | (1 without a name) | herald.redis.timeout",
            "redis://127.0.0.1:6379/0?timeout=5&s3cret&=s3cret | (timeout, and 2 more without a name) | rediss://",
            // A ? with nothing after it said "has query parameters ()".
            "redis://127.0.0.1:6379?                          | has a ? with no query after it | leave the ? out",
            "redis://127.0.0.1:6379/0?&                       | has a ? with no query after it | leave the ? out",
    })
    void queryParametersAreRefusedNamingThemAndWhatToUseInstead(String url, String named, String instead) {
        assertThatThrownBy(() -> RedisEndpoint.parse(url, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("herald.redis.url")
                .hasMessageContaining(named)
                .hasMessageContaining(instead)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
