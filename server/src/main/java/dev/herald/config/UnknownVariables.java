package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code HERALD_*} environment variables that no setting reads. A typo ({@code HERALD_RETENTON_AGE})
 * used to start the server on the default without a word (found in a QA pass); now it is named at
 * start, with the setting it probably meant.
 */
public final class UnknownVariables {
    // Read by the scripts and tests, not by the server.
    private static final Set<String> OTHERS = Set.of("HERALD_JAVA_OPTS", "HERALD_JAR", "HERALD_CHROMIUM",
            "HERALD_CHROMEDRIVER", HeraldConfig.FILE_VARIABLE);
    // Settings that application.yaml leaves unset.
    private static final Set<String> UNSET = Set.of("herald.observe.port", "herald.limits.connections.total");

    private UnknownVariables() {
    }

    /** One line per unknown variable ("HERALD_X is not a Herald setting (did you mean HERALD_Y?)"). */
    public static List<String> in(Map<String, String> env) {
        Set<String> known = known();
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("HERALD_") && !known.contains(name)) {
                String near = serverTwin(name);
                near = near != null ? near : nearest(name, known);
                lines.add(name + " is not a Herald setting and is ignored"
                        + (near == null ? " (README, Configuration)" : " (did you mean " + near + "?)"));
            }
        }
        return lines;
    }

    // Every herald.* key of application.yaml, as Helidon reads it from the environment.
    static Set<String> known() {
        Set<String> names = new TreeSet<>(OTHERS);
        knownKeys().forEach(k -> names.add(variable(k)));
        return names;
    }

    /** Every herald.* setting, dotted as in a config file ({@code herald.events.heartbeat}). */
    static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(UNSET);
        defaults().get("herald").traverse().filter(Config::isLeaf).forEach(c -> keys.add(c.key().toString()));
        return keys;
    }

    private static Config defaults() {
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.classpath("application.yaml")).build();
    }

    /** The env variable Helidon maps to a config key ({@code server.idle-connection-period} → SERVER_IDLE_dash_…). */
    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace("-", "_dash_").replace('.', '_');
    }

    // HERALD_PORT, HERALD_HOST...: Helidon's own settings are server.*, so their variables are SERVER_*.
    private static String serverTwin(String name) {
        String wanted = "SERVER_" + name.substring("HERALD_".length());
        return defaults().get("server").traverse().filter(Config::isLeaf).map(c -> variable(c.key().toString()))
                .filter(v -> v.replace("_dash_", "_").equals(wanted)).findFirst().orElse(null);
    }

    private static String nearest(String name, Set<String> known) {
        return Typos.nearest(name, known, 3); // more edits than this is another word, not a typo
    }
}
