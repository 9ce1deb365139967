package dev.herald.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same Main as production in a JVM of its own, for tests that kill it, signal it or give it other
 * limits: the test's classpath, its data under {@code dir}, its output in {@code dir/herald.log}, on
 * 127.0.0.1:port. Callers add their own environment before {@link ProcessBuilder#start()}.
 */
public final class ForkedMain {
    private ForkedMain() {
    }

    /** @param launcher words before the java command (e.g. a shell that lowers a limit), or none */
    public static ProcessBuilder builder(Path dir, int port, String... launcher) {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.herald.Main"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("herald.log").toFile());
        pb.environment().put("HERALD_DATA_DIR", dir.toString());
        pb.environment().put("SERVER_PORT", String.valueOf(port));
        pb.environment().put("SERVER_HOST", "127.0.0.1");
        return pb;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
