package dev.herald.store;

import dev.herald.support.RedisServerProcess;
import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A URL whose scheme does not match the port: TLS against plain Redis, plain against a TLS port. */
class RedisTlsMismatchTest {
    private static final String KEY = "herald:tls-test";

    // rediss:// against a Redis without TLS was a read timeout: the node started DOWN, "not reachable", and
    // kept trying for ever. Redis answering a plain PING makes it certain: the start stops naming the setting.
    @Test
    void tlsAgainstAPlainRedisStopsTheStartNamingTheUrl() {
        try (RedisServerProcess plain = RedisServerProcess.start()) {
            String url = "rediss://127.0.0.1:" + plain.port();
            assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse(url, Duration.ofSeconds(1)), KEY,
                    new EventLog.Retention(10, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(url).hasMessageContaining("answers without TLS")
                    .hasMessageContaining("herald.redis.url").hasMessageContaining("use redis://");
        }
    }

    // redis:// against a TLS port said only "Unexpected end of stream": the start now says the port speaks TLS.
    @Test
    void plainAgainstATlsPortStopsTheStartNamingTheUrl() throws Exception {
        Path dir = TempDirs.create("herald-redis-tls");
        try {
            assumeTrue(certificate(dir), "openssl not found: cannot make a certificate for a TLS Redis");
            int tlsPort = freePort();
            try (RedisServerProcess tls = RedisServerProcess.start("--tls-port", String.valueOf(tlsPort),
                    "--tls-cert-file", dir.resolve("cert.pem").toString(), "--tls-key-file",
                    dir.resolve("key.pem").toString(), "--tls-ca-cert-file", dir.resolve("cert.pem").toString(),
                    "--tls-auth-clients", "no")) {
                String url = "redis://127.0.0.1:" + tlsPort;
                assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse(url, Duration.ofSeconds(1)), KEY,
                        new EventLog.Retention(10, null)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(url).hasMessageContaining("speaks TLS")
                        .hasMessageContaining("herald.redis.url").hasMessageContaining("use rediss://");
                // The plain port of the same Redis is fine: nothing is refused that works.
                new RedisEventLog(RedisEndpoint.parse(tls.url(), Duration.ofSeconds(1)), KEY,
                        new EventLog.Retention(10, null)).close();
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static boolean certificate(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            return false;
        }
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
