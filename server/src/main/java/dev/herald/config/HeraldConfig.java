package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the settings come from, highest first: environment variables, {@code -D} system properties,
 * the operator's file named by {@code HERALD_CONFIG} (if set), then the built-in
 * {@code application.yaml}. Helidon's {@code Config.create()} instead took an {@code application.yaml}
 * in the working directory <em>in place of</em> the built-in one, silently dropping every default it
 * did not repeat (the listen backlog, the write buffer: found by a README audit).
 */
public final class HeraldConfig {
    /** The environment variable (or {@code herald.config} system property) naming the operator's file. */
    public static final String FILE_VARIABLE = "HERALD_CONFIG";

    private HeraldConfig() {
    }

    public static Config load() {
        return load(file());
    }

    /** The operator's file: {@code HERALD_CONFIG}, else the {@code herald.config} system property; null for none. */
    public static String file() {
        String file = System.getenv(FILE_VARIABLE);
        return file != null ? file : System.getProperty("herald.config");
    }

    /** @param file the operator's YAML (or .properties) file, layered over the defaults; null or blank for none */
    public static Config load(String file) {
        List<Supplier<? extends io.helidon.config.spi.ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.environmentVariables());
        sources.add(ConfigSources.systemProperties());
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.trim());
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException(FILE_VARIABLE + " names " + path.toAbsolutePath()
                        + ", which is not a readable file");
            }
            sources.add(ConfigSources.file(path));
        }
        sources.add(ConfigSources.classpath("application.yaml"));
        try {
            Config config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(sources)
                    .build();
            config.get("herald").exists(); // read now: a broken file must fail here, naming itself
            return config;
        } catch (RuntimeException e) {
            if (file == null || file.isBlank()) {
                throw e;
            }
            // SnakeYAML's message is several lines; its first says what and where.
            String why = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            throw new IllegalArgumentException(FILE_VARIABLE + " " + file.trim() + " cannot be read as configuration: "
                    + why.strip().lines().findFirst().orElse(""), e);
        }
    }
}
