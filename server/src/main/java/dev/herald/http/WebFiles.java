package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

/**
 * The web client's files (classpath {@code /web}), which browsers must revalidate before each use.
 * Helidon sends them with {@code ETag} and {@code Last-Modified} but no {@code Cache-Control}, so a
 * browser may reuse a file unasked for a tenth of its age (HTTP heuristic freshness): a page opened
 * after an upgrade could then run the old {@code app.js} with a new module beside it. {@code no-cache}
 * keeps the cheap revalidation (a 304 while the jar is the same) and never a stale file.
 */
public final class WebFiles implements HttpService {
    private final HttpService files = StaticContentFeature.createService(ClasspathHandlerConfig.builder()
            .location("/web")
            .welcome("index.html")
            .build());

    @Override
    public void routing(HttpRules rules) {
        rules.any(WebFiles::revalidate).register(files);
    }

    private static void revalidate(ServerRequest req, ServerResponse res) {
        Method m = req.prologue().method();
        if (m == Method.GET || m == Method.HEAD) {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache"); // a JSON 404 after it says no-store instead
        }
        res.next();
    }
}
