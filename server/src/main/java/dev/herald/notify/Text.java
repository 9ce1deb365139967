package dev.herald.notify;

/** Small text helpers for validation messages. */
final class Text {
    private Text() {
    }

    /** Quotes a user value for an error message, with control characters escaped and length capped. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 80) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /**
     * True when nothing would show: only whitespace, no-break spaces (U+00A0, U+202F...) or invisible
     * format characters (zero-width space U+200B, word joiner, BOM). {@link String#isBlank()} lets a
     * message of one no-break space through, and every client showed an empty card for it.
     */
    static boolean isBlank(String s) {
        return s.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || ignorable(c));
    }

    // Default-ignorable characters that are not FORMAT but render as nothing too: Hangul fillers (the usual
    // "invisible character" of chat tricks), the combining grapheme joiner, Khmer inherent vowels, Mongolian
    // and other variation selectors; and the Braille blank. A message of only these showed an empty card.
    private static boolean ignorable(int c) {
        return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 || c == 0x3164 || c == 0xFFA0
                || c == 0x2800 // the Braille blank: a symbol, not a space, but the most used "empty" message
                || (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }

    /** Length in characters as people count them (an emoji is one, not two UTF-16 units). */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /**
     * True when the text has a control character (C0, DEL or C1: U+0085 is a line break in some
     * renderers, U+009B a terminal's escape introducer) other than newline, tab and CR where allowed, or a bidirectional
     * embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): those reorder what follows, so
     * "invoice\u202Eexe.pdf" shows as "invoicefdp.exe" in every client that renders it.
     */
    static boolean hasControl(String s, boolean allowNewlines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 0x7f && c <= 0x9f) || (c < 0x20 && !(allowNewlines && (c == '\n' || c == '\t' || c == '\r')))
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                return true;
            }
        }
        return false;
    }
}
