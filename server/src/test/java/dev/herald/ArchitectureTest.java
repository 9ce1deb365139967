package dev.herald;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub core, the event logs and cluster presence are plain Java: no Helidon import may creep in.
 * Only the HTTP translation classes ({@code *Service}) of a feature package may use Helidon.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/herald");

    @Test
    void hubAndStoreDoNotImportHelidon() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Stream.of("hub", "store", "cluster")
                .map(MAIN::resolve).filter(Files::isDirectory)
                .flatMap(ArchitectureTest::walk)) {
            offenders = files.filter(p -> p.toString().endsWith(".java") && !p.toString().endsWith("Service.java"))
                    .filter(p -> read(p).contains("import io.helidon"))
                    .map(Path::toString).toList();
        }
        assertThat(offenders).as("core files importing Helidon").isEmpty();
        assertThat(Files.exists(MAIN.resolve("hub/Hub.java"))).isTrue();
        assertThat(read(MAIN.resolve("hub/Hub.java"))).doesNotContain("io.helidon");
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
