package dev.herald.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server per test class: {@code @RegisterExtension static RedisExtension redis = new RedisExtension();}
 * Started before the class's tests (skipping loudly, or failing under CI=true, when redis-server is
 * missing, as {@link RedisServerProcess} does) and stopped after them.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {
    private RedisServerProcess redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (redis != null) {
            redis.close();
        }
    }

    public RedisServerProcess process() {
        return redis;
    }

    public String url() {
        return redis.url();
    }
}
