package dev.herald.auth;

import java.util.List;

/**
 * Glob patterns over topic names: {@code *} matches any run of characters ({@code user.*}, {@code team-*-alerts}).
 * Matched without regular expressions: a pattern compiled to {@code .*} per star backtracked exponentially on a
 * topic name that almost matches, and callers choose the names (found by a tester).
 */
public final class TopicPatterns {
    private final List<String> patterns;

    public TopicPatterns(List<String> globs) {
        this.patterns = globs.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean matches(String topic) {
        for (String p : patterns) {
            if (glob(p, topic)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * The usual greedy match with one saved star: on a mismatch the last star takes one more character. At most
     * pattern length × name length steps, whatever the stars.
     */
    static boolean glob(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1; // the last star seen in the pattern
        int resume = 0; // where in the name that star's run ends for now
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
