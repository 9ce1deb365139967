package dev.herald;

import dev.herald.config.HeraldConfig;
import dev.herald.config.HeraldLogManager;
import dev.herald.config.ServerSettings;
import dev.herald.config.StartupErrors;
import dev.herald.config.UnknownFileKeys;
import dev.herald.config.UnknownProperties;
import dev.herald.config.UnknownVariables;
import io.helidon.common.config.GlobalConfig;
import io.helidon.config.Config;
import io.helidon.service.registry.Services;
import io.helidon.logging.common.LogConfig;

import java.util.logging.Logger;

/** Starts Herald with application.yaml and env-var overrides, and stops it cleanly on SIGTERM. */
public final class Main {
    static {
        // Before the first logger (the field below): JUL reads it once. See HeraldLogManager.
        if (System.getProperty(HeraldLogManager.PROPERTY) == null) {
            System.setProperty(HeraldLogManager.PROPERTY, HeraldLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config;
        HeraldServer herald;
        try {
            config = HeraldConfig.load();
            // Helidon parts built without a config (the metrics observer, the global registry) ask the service
            // registry or the global config, which otherwise look for an application.yaml in the working directory.
            Services.set(Config.class, config);
            GlobalConfig.config(config, true);
            herald = HeraldServer.start(config);
        } catch (RuntimeException e) {
            LOG.severe("Herald did not start: " + StartupErrors.explain(e));
            System.exit(1);
            return;
        }
        UnknownVariables.in(System.getenv()).forEach(LOG::warning);
        UnknownProperties.in(System.getProperties()).forEach(LOG::warning);
        if (args.length > 0) { // `./herald serve -Dherald.x=y` puts it after -jar, where it is an argument
            LOG.warning("arguments are not read: " + String.join(" ", args)
                    + " (settings are variables, HERALD_CONFIG, or -D options in HERALD_JAVA_OPTS: README, Configuration)");
        }
        try { // read again after the start: a file swapped meanwhile must not keep the shutdown hook away
            UnknownFileKeys.in(HeraldConfig.file()).forEach(LOG::warning);
        } catch (RuntimeException e) {
            LOG.warning("could not check HERALD_CONFIG's keys: " + e.getMessage());
        }
        String host = ServerSettings.host(config);
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        LOG.info("Herald is up: http://" + shown + ":" + herald.port() + "/  (events: /events, publish: POST /notify, store: "
                + herald.log().health().detail() + ")");
        if (herald.observeAddress() != null) {
            LOG.info("Health and metrics: " + herald.observeAddress() + "/observe/health, /observe/metrics");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LOG.info("Herald stopping: closing streams, flushing the event log");
                herald.close();
            } finally {
                HeraldLogManager.stopped(); // JUL may close its handlers now
            }
        }, "herald-shutdown"));
        HeraldLogManager.hooked();
    }
}
