package dev.herald.auth;

import dev.herald.http.ApiException;
import dev.herald.store.EventFilter;

import java.util.Collection;
import java.util.List;

/**
 * Which topics are private (by config patterns) and who may read them: operators all, a subscriber
 * those its token's {@code topics} claim matches, anonymous clients none. The broadcast topic
 * {@code all} is always public.
 */
public final class TopicPolicy {
    private final TopicPatterns privateTopics;

    public TopicPolicy(List<String> privatePatterns) {
        this.privateTopics = new TopicPatterns(privatePatterns);
    }

    public boolean isPrivate(String topic) {
        return !EventFilter.BROADCAST.equals(topic) && privateTopics.matches(topic);
    }

    public boolean canRead(Principal p, String topic) {
        if (!isPrivate(topic) || p.isOperator()) {
            return true;
        }
        return p.role() == Principal.Role.SUBSCRIBER && new TopicPatterns(p.topicPatterns()).matches(topic);
    }

    /** A 403 naming the first topic asked for that the caller may not read (also in a {@code topic} field). */
    public void requireReadable(Principal p, Collection<String> topics) {
        for (String t : topics) {
            if (!canRead(p, t)) {
                throw new ApiException(403, "private_topic", "topic " + t + " is private"
                        + (p.role() == Principal.Role.ANONYMOUS ? ": subscribe with a token that allows it" : " and your token does not allow it"))
                        .with("topic", t);
            }
        }
    }
}
