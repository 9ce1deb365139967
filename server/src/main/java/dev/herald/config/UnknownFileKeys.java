package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code herald.*} keys in the operator's {@code HERALD_CONFIG} file that no setting reads: a typo
 * ({@code retenton:}) kept the default without a word, while the same typo as a variable was named.
 * {@code server.*} keys are Helidon's, too many to know here, and are not checked.
 */
public final class UnknownFileKeys {
    private UnknownFileKeys() {
    }

    /** One line per unknown key of {@code file} (null or blank: no file, nothing to say). */
    public static List<String> in(String file) {
        if (file == null || file.isBlank()) {
            return List.of();
        }
        Path path = Path.of(file.trim());
        Config own = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.file(path)).build();
        List<String> keys = own.get("herald").traverse().filter(Config::isLeaf).map(c -> c.key().toString()).toList();
        return unread(keys).stream().map(line -> HeraldConfig.FILE_VARIABLE + " " + path + ": " + line).toList();
    }

    /**
     * One line per key of {@code keys} that no setting reads, sorted ("herald.x is not a Herald setting and
     * is ignored (did you mean herald.y?)"): shared with the {@code -D} check, {@link UnknownProperties}.
     */
    static List<String> unread(Collection<String> keys) {
        Set<String> known = UnknownVariables.knownKeys();
        Set<String> unknown = new TreeSet<>();
        keys.stream().filter(k -> !readBySetting(k, known)).forEach(unknown::add);
        return unknown.stream().map(k -> {
            String near = Typos.nearest(k, known, 3);
            return k + " is not a Herald setting and is ignored"
                    + (near == null ? " (README, Configuration)" : " (did you mean " + near + "?)");
        }).toList();
    }

    // The setting itself, an element of a list setting (herald.auth.operators.0), or a section left empty.
    private static boolean readBySetting(String key, Set<String> known) {
        return known.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + ".") || k.startsWith(key + "."));
    }
}
