package dev.herald.notify;

import dev.herald.http.ControlCharacters;

/** Small text helpers for validation messages. */
final class Text {
    private Text() {
    }

    /** Quotes a user value for an error message, with control characters and line separators escaped and length capped. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (ControlCharacters.breaksOneLine(c)) { // shown escaped, never applied
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
}
