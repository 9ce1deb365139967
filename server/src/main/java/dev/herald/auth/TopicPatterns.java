package dev.herald.auth;

import java.util.List;
import java.util.regex.Pattern;

/** Glob patterns over topic names: {@code *} matches any run of characters ({@code user.*}, {@code team-*-alerts}). */
public final class TopicPatterns {
    private final List<Pattern> patterns;

    public TopicPatterns(List<String> globs) {
        this.patterns = globs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(TopicPatterns::compile).toList();
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    public boolean matches(String topic) {
        for (Pattern p : patterns) {
            if (p.matcher(topic).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }
}
