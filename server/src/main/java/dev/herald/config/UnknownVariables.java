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
    // Read by the scripts and tests, not by the server; and settings that application.yaml leaves unset.
    private static final Set<String> OTHERS = Set.of("HERALD_JAVA_OPTS", "HERALD_JAR", "HERALD_CHROMIUM",
            "HERALD_CHROMEDRIVER", "HERALD_OBSERVE_PORT", "HERALD_LIMITS_CONNECTIONS_TOTAL", HeraldConfig.FILE_VARIABLE);

    private UnknownVariables() {
    }

    /** One line per unknown variable ("HERALD_X is not a Herald setting (did you mean HERALD_Y?)"). */
    public static List<String> in(Map<String, String> env) {
        Set<String> known = known();
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("HERALD_") && !known.contains(name)) {
                String near = nearest(name, known);
                lines.add(name + " is not a Herald setting and is ignored"
                        + (near == null ? " (README, Configuration)" : " (did you mean " + near + "?)"));
            }
        }
        return lines;
    }

    // Every herald.* key of application.yaml, as Helidon reads it from the environment.
    static Set<String> known() {
        Set<String> names = new TreeSet<>(OTHERS);
        Config defaults = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.classpath("application.yaml")).build();
        defaults.get("herald").traverse().filter(Config::isLeaf).forEach(c -> names.add(
                c.key().toString().toUpperCase(Locale.ROOT).replace("-", "_dash_").replace('.', '_')));
        return names;
    }

    private static String nearest(String name, Set<String> known) {
        return Typos.nearest(name, known, 3); // more edits than this is another word, not a typo
    }
}
