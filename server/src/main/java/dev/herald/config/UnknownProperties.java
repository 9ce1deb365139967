package dev.herald.config;

import java.util.List;
import java.util.Properties;

/**
 * {@code -Dherald.*} system properties (in {@code HERALD_JAVA_OPTS}) that no setting reads: a typo
 * ({@code -Dherald.events.hearbeat=5s}) kept the default without a word, while the same typo as a
 * variable or in the {@code HERALD_CONFIG} file was named. The JVM's own and other libraries'
 * properties are not {@code herald.*}, and are not checked.
 */
public final class UnknownProperties {
    private UnknownProperties() {
    }

    /** One line per unknown {@code herald.*} property ("-Dherald.x is not a Herald setting ... (did you mean herald.y?)"). */
    public static List<String> in(Properties properties) {
        List<String> keys = properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("herald.") && !k.equals(HeraldConfig.FILE_PROPERTY)).toList();
        return UnknownFileKeys.unread(keys).stream().map(line -> "-D" + line).toList();
    }
}
