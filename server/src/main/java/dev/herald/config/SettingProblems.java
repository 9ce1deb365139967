package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Every bad setting of one start. Each value is read through here: one that cannot be read (not a
 * number, not a duration, a bad switch) is written down and its default taken, so reading and the
 * checks go on and the start names them all at once. A start refused for one key, fixed, then refused
 * for the next cost a round each.
 */
final class SettingProblems {
    // A set: the same words twice (one bad origin listed twice) are named once.
    private final Set<String> problems = new LinkedHashSet<>();

    int integer(Config c, int otherwise) {
        return integer(c, () -> otherwise);
    }

    int integer(Config c, IntSupplier otherwise) {
        try {
            return c.asInt().orElseGet(otherwise::getAsInt);
        } catch (ConfigMappingException e) {
            notANumber(c);
            return otherwise.getAsInt();
        }
    }

    long longInteger(Config c, long otherwise) {
        try {
            return c.asLong().orElse(otherwise);
        } catch (ConfigMappingException e) {
            notANumber(c);
            return otherwise;
        }
    }

    double decimal(Config c, double otherwise) {
        try {
            return c.asDouble().orElse(otherwise);
        } catch (ConfigMappingException e) {
            notANumber(c);
            return otherwise;
        }
    }

    /** A Herald duration ({@link Durations}: 500ms, 15s, PT15S), or {@code fallback}'s when unset or unreadable. */
    Duration duration(Config c, String fallback) {
        try {
            return Durations.setting(c, fallback);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return Durations.parse(fallback);
        }
    }

    /**
     * A true/false setting. Helidon's {@code asBoolean} reads anything but "true" as false, so a typo
     * ({@code ture}, {@code yes}) silently turned a setting off; refused here, naming the key.
     */
    boolean flag(Config c, boolean otherwise) {
        String v = c.asString().orElse(null);
        if (v == null) {
            return otherwise;
        }
        v = v.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(c.key() + " must be true or false, not '" + v + "'");
        return otherwise;
    }

    /** A setting's check: the message names the key (and says what would do). */
    void check(boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    void add(String message) {
        problems.add(message);
    }

    boolean any() {
        return !problems.isEmpty();
    }

    /**
     * Refuses the start if anything is wrong: one problem in its own words, as before these were
     * collected; several as a count and one a line, which a person reads more easily than a joined line.
     */
    void throwIfAny() {
        if (problems.size() == 1) {
            throw new IllegalArgumentException(problems.iterator().next());
        }
        if (!problems.isEmpty()) {
            StringBuilder all = new StringBuilder(problems.size() + " problems in the settings:");
            problems.forEach(p -> all.append(System.lineSeparator()).append("  - ").append(p));
            throw new IllegalArgumentException(all.toString());
        }
    }

    private void notANumber(Config c) {
        problems.add(StartupErrors.notANumber(c.key().toString(), c.asString().orElse("")));
    }
}
