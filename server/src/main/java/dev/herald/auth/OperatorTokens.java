package dev.herald.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Operator tokens, known only by their SHA-256 hashes ({@code sha256:<hex>} in config), checked
 * in constant time against every configured hash.
 */
public final class OperatorTokens {
    private static final String PREFIX = "sha256:";
    private final List<byte[]> hashes;

    public OperatorTokens(List<String> configured) {
        this.hashes = configured.stream().map(String::trim).filter(s -> !s.isEmpty()).map(OperatorTokens::parse).toList();
    }

    private static byte[] parse(String entry) {
        if (!entry.startsWith(PREFIX) || entry.length() != PREFIX.length() + 64) {
            throw new IllegalArgumentException("herald.auth.operators entries must be sha256:<64 hex digits> "
                    + "(make one with: ./herald hash-token <token>)");
        }
        return HexFormat.of().parseHex(entry.substring(PREFIX.length()));
    }

    /** The config entry for a token. */
    public static String hash(String token) {
        return PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean configured() {
        return !hashes.isEmpty();
    }

    /** A short, non-secret key naming the matching token (for rate limits), or null when none matches. */
    public String match(String token) {
        byte[] h = sha256(token);
        String found = null;
        for (byte[] candidate : hashes) {
            if (MessageDigest.isEqual(candidate, h)) { // constant time; keep looping either way
                found = "op-" + HexFormat.of().formatHex(candidate, 0, 4);
            }
        }
        return found;
    }

    /** Prints the hash of a token for the config: {@code java -cp ... dev.herald.auth.OperatorTokens <token>}. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: hash-token <token>   (a long random token, e.g. from: openssl rand -hex 32)");
            System.exit(2);
        }
        if (args[0].length() < 24) {
            System.err.println("warning: a token of " + args[0].length() + " characters can be guessed; use 24 or more random ones");
        }
        System.out.println(hash(args[0]));
    }
}
