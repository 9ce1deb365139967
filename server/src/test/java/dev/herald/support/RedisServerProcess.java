package dev.herald.support;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code redis-server} on a free port, in a temp directory, with an append-only file
 * ({@code appendfsync always}) so that a stop and restart on the same port keeps the data, as a
 * production Redis with persistence does. Missing redis-server: the test is skipped loudly, or
 * fails when {@code CI=true}.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private Jedis filler; // see fillMemory

    private RedisServerProcess(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts one, or skips (fails under CI) when redis-server is not installed.
     *
     * @param extraArgs more redis-server options, e.g. "--requirepass", "secret"
     */
    public static RedisServerProcess start(String... extraArgs) {
        String binary = findBinary();
        if (binary == null) {
            String why = "redis-server not found on PATH: Redis tests need it (apt-get install redis-server; .ci/run installs it)";
            System.err.println("SKIPPING: " + why);
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            assumeTrue(false, why);
        }
        try {
            RedisServerProcess r = new RedisServerProcess(TempDirs.create("herald-redis"), freePort(),
                    List.of(extraArgs));
            r.launch();
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    private static String findBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(findBinary(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--protected-mode", "no", "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : ""));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 20 s");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Settings for a Herald cluster node on this server and stream, plus more key-value pairs. */
    public Map<String, String> nodeSettings(String stream, String... more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("herald.store", "redis", "herald.redis.url", url(),
                "herald.redis.stream", stream));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** Kills the server at once (SIGKILL): an outage, not a shutdown. The AOF keeps what was acknowledged. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fills database 1 with another application's values until Redis refuses more for memory (start it with
     * {@code --maxmemory 3mb --maxmemory-policy noeviction}): big values, then small ones, so no room is left
     * that a write of Herald's could take (Redis refuses a write only once it is past maxmemory). The filling
     * connection stays open until {@link #freeMemory()}: closing it frees its buffers, room enough for a write.
     * Herald's keys in database 0 stay.
     */
    public synchronized void fillMemory() {
        if (filler == null) {
            filler = new Jedis(new HostAndPort("127.0.0.1", port),
                    DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).database(1).build());
        }
        int i = fill(filler, "x".repeat(2_000), 0);
        for (int pass = 0; pass < 3; pass++) {
            i = fill(filler, "x".repeat(16), i);
        }
    }

    /** Drops what {@link #fillMemory()} wrote (FLUSHDB is not refused for memory). */
    public synchronized void freeMemory() {
        filler.flushDB();
        filler.close();
        filler = null;
    }

    private static int fill(Jedis j, String value, int from) {
        for (int i = from; i < from + 100_000; i++) {
            try {
                j.set("filler:" + i, value);
            } catch (JedisDataException e) {
                if (!e.getMessage().contains("OOM")) {
                    throw e;
                }
                return i;
            }
        }
        throw new AssertionError("Redis never filled up: start it with --maxmemory and noeviction");
    }

    /** Freezes it (SIGSTOP): the kernel still accepts connections, nothing answers, as with a hung Redis. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused one run on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + name + " to redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same port and directory (the data comes back from the AOF). */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (filler != null) {
                filler.close();
                filler = null;
            }
        }
        kill();
        TempDirs.delete(dir);
    }
}
