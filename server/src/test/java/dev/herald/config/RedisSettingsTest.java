package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {
    private static HeraldSettings settings(Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(keys);
        return HeraldSettings.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(all))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build());
    }

    @Test
    void redisIsAStoreWithDefaultsFromApplicationYaml() {
        HeraldSettings s = settings(Map.of("herald.store", "redis"));
        assertThat(s.store()).isEqualTo("redis");
        assertThat(s.redis().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(s.redis().stream()).isEqualTo("herald:events");
        assertThat(s.redis().presenceInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.redis().presenceTtl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badRedisSettingsAreRefusedWithTheKeyName() {
        assertThatThrownBy(() -> settings(Map.of("herald.store", "redis", "herald.redis.url", "http://h:1")))
                .hasMessageContaining("herald.redis.url");
        assertThatThrownBy(() -> settings(Map.of("herald.store", "redis", "herald.redis.presence.interval", "5s",
                "herald.redis.presence.ttl", "6s"))).hasMessageContaining("herald.redis.presence.ttl");
        assertThatThrownBy(() -> settings(Map.of("herald.store", "mongo")))
                .hasMessageContaining("sqlite, memory or redis");
    }

    @Test
    void redisKeysAreIgnoredWhenTheStoreIsNotRedis() {
        assertThat(settings(Map.of("herald.redis.url", "nonsense")).store()).isEqualTo("sqlite");
    }
}
