package dev.herald.auth;

/** User ids (token {@code sub}, notify {@code user}/{@code users}): 1-128 printable characters. */
public final class Users {
    public static final String RULE = "user ids are 1-128 characters without control characters or spaces at either end";

    private Users() {
    }

    public static boolean valid(String user) {
        if (user == null || user.isEmpty() || user.length() > 128 || !user.strip().equals(user)) {
            return false;
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
