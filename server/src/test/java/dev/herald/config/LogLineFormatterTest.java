package dev.herald.config;

import io.helidon.logging.jul.HelidonConsoleHandler;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineFormatterTest {
    private final LogLineFormatter formatter = new LogLineFormatter();

    @Test
    void theServersConsoleHandlerUsesIt() throws Exception {
        // The same file Helidon's LogConfig reads at startup.
        try (InputStream config = getClass().getResourceAsStream("/logging.properties")) {
            LogManager.getLogManager().readConfiguration(config);
        }
        assertThat(new HelidonConsoleHandler().getFormatter()).isInstanceOf(LogLineFormatter.class);
    }

    @Test
    void lineHasLocalTimeWithItsOffsetLevelLoggerAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, "127.0.0.1 POST /notify 202 0ms");
        record.setLoggerName("dev.herald.access");
        Instant at = LocalDateTime.of(2026, 11, 26, 2, 12, 14, 116_000_000).atZone(ZoneId.systemDefault()).toInstant();
        record.setInstant(at);

        String line = formatter.format(record);
        String time = line.substring(0, line.indexOf(' '));
        assertThat(time).startsWith("2026-11-26T02:12:14.116");
        // A log shipper reads the instant from the line alone: the offset is part of it.
        assertThat(java.time.OffsetDateTime.parse(time).toInstant()).isEqualTo(at);
        assertThat(line.substring(time.length()))
                .isEqualTo(" INFO dev.herald.access: 127.0.0.1 POST /notify 202 0ms" + System.lineSeparator());
    }

    @Test
    void parametersAreFilledInAndTheStackTraceFollowsTheMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "store {0} failed");
        record.setLoggerName("dev.herald.store");
        record.setParameters(new Object[] {"sqlite"});
        record.setThrown(new IllegalStateException("disk full"));

        String line = formatter.format(record);

        assertThat(line).contains(" WARNING dev.herald.store: store sqlite failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: disk full");
        assertThat(line).contains("at dev.herald.config.LogLineFormatterTest.parametersAreFilledIn");
        assertThat(line).endsWith(System.lineSeparator() + System.lineSeparator());
    }

    @Test
    void levelNamesAreNotTranslated() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            LogRecord record = new LogRecord(Level.WARNING, "slow client");
            record.setLoggerName("dev.herald.hub");
            assertThat(formatter.format(record)).contains(" WARNING dev.herald.hub: slow client");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
