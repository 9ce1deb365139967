package dev.herald.http;

/**
 * The characters no text a person reads may hold, one rule for every field that takes some: titles, tags,
 * messages and links ({@code notify/NotificationParser}) and user ids ({@code auth/Users}).
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    /**
     * True when the text has a control character (C0, DEL or C1: U+0085 is a line break in some
     * renderers, U+009B a terminal's escape introducer) other than newline, tab and CR where allowed, or a bidirectional
     * embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): those reorder what follows, so
     * "invoice\u202Eexe.pdf" shows as "invoicefdp.exe" in every client that renders it.
     */
    public static boolean in(String s, boolean allowNewlines) {
        for (int i = 0; i < s.length(); i++) {
            if (is(s.charAt(i), allowNewlines)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #is} without newlines, or a line or paragraph separator (U+2028, U+2029): what a one-line value
     * (a user id) may not hold, and what an error message shows escaped.
     */
    public static boolean breaksOneLine(char c) {
        return is(c, false) || c == 0x2028 || c == 0x2029;
    }

    /** One character of {@link #in}. */
    public static boolean is(char c, boolean allowNewlines) {
        return (c >= 0x7f && c <= 0x9f) || (c < 0x20 && !(allowNewlines && (c == '\n' || c == '\t' || c == '\r')))
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
