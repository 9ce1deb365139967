package dev.herald.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The key for subscriber tokens when none is configured: made once and kept beside the data, so
 * minted tokens stay valid across restarts. It is written whole into a file only its owner can read
 * from the start (a temporary file renamed into place), never readable by others for a moment nor
 * left half written by a crash, as writing it and then narrowing its mode could. One process at a
 * time: the data directory's lock ({@link DataDirLock}) is taken before it is read or made.
 */
public final class JwtSecretFile {
    static final String NAME = "jwt-secret";
    private static final Logger LOG = Logger.getLogger(JwtSecretFile.class.getName());
    private static final int BYTES = 32;

    private JwtSecretFile() {
    }

    static byte[] readOrCreate(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            if (Files.exists(file)) {
                // A key copied in by hand (a cluster node, a restore) keeps the copier's umask.
                OthersCanRead.warn(LOG, file, Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ),
                        "and whoever reads it can sign subscriber tokens for any user: chmod 600 it");
                return read(file);
            }
            byte[] key = new byte[BYTES];
            new SecureRandom().nextBytes(key);
            write(dataDir, key);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps {@code key} as this data directory's key from now on (cluster mode: the key the nodes agreed
     * on, so a restart signs with it before Redis answers).
     */
    public static void keep(Path dataDir, byte[] key) {
        try {
            write(dataDir, key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dataDir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path dataDir, byte[] key) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = ownerOnly(dataDir);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII)));
                ch.force(true); // on disk before the name points at it: a power cut leaves no empty key
            }
            Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself on disk: a power cut right after a first start keeps the key
            } catch (IOException | UnsupportedOperationException cannotSyncDirectory) {
                // not every file system lets a directory be opened; the key is still written whole
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path ownerOnly(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, NAME, ".tmp");
        }
    }

    private static byte[] read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).trim(); // any bytes: a bad file gets the message below
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length >= BYTES) {
                return key;
            }
        } catch (IllegalArgumentException notHex) {
            // said below, with what to do
        }
        throw new IllegalStateException(file + " does not hold the key Herald writes there (" + BYTES * 2
                + " hex digits); delete it to have a new one made (tokens minted before stop working)"
                + " or set herald.auth.jwt.secret (HERALD_AUTH_JWT_SECRET)");
    }
}
