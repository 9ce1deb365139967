package dev.herald.auth;

import dev.herald.http.ControlCharacters;

/**
 * User ids (token {@code sub}, notify {@code user}/{@code users}, a minted token's {@code user}): 1-128
 * characters, none that titles refuse ({@link ControlCharacters}: C0, DEL, C1, bidirectional controls) and
 * no line or paragraph separator (U+2028, U+2029), as the id is one line wherever it shows (the admin app).
 * Until the twenty-third session only C0 and DEL were refused (a tester's find).
 */
public final class Users {
    public static final String RULE = "user ids are 1-128 characters without control characters (C0, DEL, C1), "
            + "bidirectional controls, line or paragraph separators, or spaces at either end";

    private Users() {
    }

    public static boolean valid(String user) {
        return user != null && !user.isEmpty() && user.length() <= 128 && user.strip().equals(user)
                && user.chars().noneMatch(c -> ControlCharacters.breaksOneLine((char) c));
    }
}
