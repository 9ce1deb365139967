package dev.herald.http;

import java.util.regex.Pattern;

/**
 * Which of Herald's paths answer on a listener, for the 404's trailing-slash hint: with
 * {@code herald.observe.port} the API port has no {@code /observe/*} and the observe port nothing else,
 * and a hint naming a path of the other listener sent the caller to another 404.
 */
public enum ListenerPaths {
    /** The API port when health and metrics are on it too (no {@code herald.observe.port}). */
    API_AND_OBSERVE(true, true),
    /** The API port when health and metrics have a listener of their own. */
    API(true, false),
    /** That listener of their own. */
    OBSERVE(false, true);

    // Every API path (routes of EventsService, NotifyService, HistoryService, LifecycleService, ReceiptsService,
    // AdminService, LifecycleAdminService, ClusterService); the web files are looked up on the class path.
    private static final Pattern API_PATHS = Pattern.compile("/(events|notify|notify/batch"
            + "|notifications(/[^/]+)?|receipts|cluster|admin/(stats|stats/stream|clients(/[^/]+)?|notifications(/[^/]+)?"
            + "|scheduled|tokens))");
    // Helidon's observe feature.
    private static final Pattern OBSERVE_PATHS = Pattern.compile("/observe/(health|health/live|health/ready|metrics(/[^/]+)?)");

    private final boolean api;
    private final boolean observe;

    ListenerPaths(boolean api, boolean observe) {
        this.api = api;
        this.observe = observe;
    }

    /** The API port's paths: with health and metrics or without ({@code separate}: they have a listener of their own). */
    public static ListenerPaths api(boolean observeSeparate) {
        return observeSeparate ? API : API_AND_OBSERVE;
    }

    /**
     * The 404 detail, before routing and inside it: it names the path. Some routes take a trailing slash
     * (Helidon matches {@code /notify/} to {@code /notify}), most do not: a refused one says so.
     */
    public String notFound(String path) {
        String slashless = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : null;
        return slashless != null && answers(slashless)
                ? "no such resource: " + path + " (Herald's paths take no trailing slash: " + slashless + ")"
                : "no such resource: " + path;
    }

    // Only a path that answers here is worth naming: "/admin/" was told to use "/admin", another 404.
    boolean answers(String path) {
        return (observe && OBSERVE_PATHS.matcher(path).matches())
                || (api && (API_PATHS.matcher(path).matches() || webFile(path)));
    }

    private static boolean webFile(String path) {
        return !path.contains("..") && ListenerPaths.class.getClassLoader().getResource("web" + path) != null;
    }
}
