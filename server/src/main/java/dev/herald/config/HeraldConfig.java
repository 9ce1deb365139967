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
    /** The system property naming it when the variable is not set ({@code -Dherald.config=...}). */
    public static final String FILE_PROPERTY = "herald.config";

    private HeraldConfig() {
    }

    public static Config load() {
        return load(file());
    }

    /** The operator's file: {@code HERALD_CONFIG}, else the {@code herald.config} system property; null for none. */
    public static String file() {
        String file = System.getenv(FILE_VARIABLE);
        return file != null ? file : System.getProperty(FILE_PROPERTY);
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
            String why = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            throw new IllegalArgumentException(FILE_VARIABLE + " " + file.trim() + " cannot be read as configuration: "
                    + oneLine(why), e);
        }
    }

    private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile(".*line (\\d+), column (\\d+).*");

    /**
     * SnakeYAML's message in one line: its context ("while parsing a flow sequence"), then the problem and
     * where it is. Its lines are: context, a mark, the source line, a caret, problem, mark...; the first
     * line alone said what was being read, not what was wrong or where.
     */
    static String oneLine(String yamlMessage) {
        List<String> lines = yamlMessage.strip().lines().toList();
        String context = lines.isEmpty() ? "" : lines.get(0).strip();
        String problem = null;
        String where = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            java.util.regex.Matcher m = MARK.matcher(line);
            if (line.startsWith(" in ") && m.matches()) {
                where = "line " + m.group(1) + ", column " + m.group(2);
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                problem = line.strip();
            }
        }
        return context + (problem != null && !problem.equals(context) ? ": " + problem : "")
                + (where != null ? " (" + where + ")" : "");
    }
}
