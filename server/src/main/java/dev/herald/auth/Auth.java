package dev.herald.auth;

import java.time.Clock;
import java.util.List;

/**
 * Everything access control needs, in plain Java: operator tokens, subscriber tokens, private
 * topics and the abuse limits. The HTTP side ({@link AuthFilter}, the services) asks it questions.
 */
public final class Auth {
    private final OperatorTokens operators;
    private final SubscriberTokens subscribers;
    private final TopicPolicy topics;
    private final boolean anonymous;
    private final RateLimiter connectRate;
    private final RateLimiter publishRate;
    private final ConnectionLimits connections;
    private final boolean limitLoopback;

    public Auth(List<String> operatorHashes, byte[] jwtSecret, List<String> privateTopics, boolean anonymous,
                RateLimiter connectRate, RateLimiter publishRate, ConnectionLimits connections, boolean limitLoopback,
                Clock clock) {
        this.limitLoopback = limitLoopback;
        this.operators = new OperatorTokens(operatorHashes);
        this.subscribers = new SubscriberTokens(jwtSecret, clock);
        this.topics = new TopicPolicy(privateTopics);
        this.anonymous = anonymous;
        this.connectRate = connectRate;
        this.publishRate = publishRate;
        this.connections = connections;
    }

    public OperatorTokens operators() {
        return operators;
    }

    public SubscriberTokens subscribers() {
        return subscribers;
    }

    public TopicPolicy topics() {
        return topics;
    }

    public boolean anonymousAllowed() {
        return anonymous;
    }

    public RateLimiter connectRate() {
        return connectRate;
    }

    public RateLimiter publishRate() {
        return publishRate;
    }

    /** Whether per-IP limits apply to this client address. */
    public boolean limited(String ip) {
        return limitLoopback || !(ip.equals("127.0.0.1") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1")
                || ip.startsWith("127."));
    }

    public ConnectionLimits connections() {
        return connections;
    }
}
