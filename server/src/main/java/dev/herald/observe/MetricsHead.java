package dev.herald.observe;

import dev.herald.http.ApiException;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import io.helidon.common.HelidonServiceLoader;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MeterRegistryFormatter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.spi.MeterRegistryFormatterProvider;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * HEAD on the metrics paths, as GET answers them but without the body: Helidon's metrics feature routes
 * GET and OPTIONS only, so an uptime monitor's HEAD got a 404. Formats what GET would (same media types,
 * scope and name selection) to tell its length.
 */
public final class MetricsHead {
    private static final String PATH = "/observe/metrics";
    private final MeterRegistry registry = Metrics.globalRegistry();
    private final MetricsConfig config = MetricsConfig.create(); // the observer's: built without a config too (Main)
    private final List<MeterRegistryFormatterProvider> formatters =
            HelidonServiceLoader.create(ServiceLoader.load(MeterRegistryFormatterProvider.class)).asList();

    /** Adds the HEAD routes (before the metrics feature's own, which come after the routing's). */
    public static void register(HttpRules rules) {
        MetricsHead head = new MetricsHead();
        rules.head(PATH, Head.of((req, res) -> head.answer(req, res, req.query().all("scope", List::of),
                        req.query().all("name", List::of))))
                .head(PATH + "/{scope}", Head.of((req, res) -> head.answer(req, res,
                        List.of(req.path().pathParameters().get("scope")), List.of())))
                .head(PATH + "/{scope}/{metric}", Head.of((req, res) -> head.answer(req, res,
                        List.of(req.path().pathParameters().get("scope")), List.of(req.path().pathParameters().get("metric")))))
                // The feature also routes OPTIONS (200, every meter's metadata); /observe/* answer GET and HEAD only.
                .options(PATH, MetricsHead::notFound)
                .options(PATH + "/*", MetricsHead::notFound);
    }

    private static void notFound(ServerRequest req, ServerResponse res) {
        ErrorHandling.refuse(req, res, new ApiException(404, "not_found", "no such resource: " + req.path().path()));
    }

    private void answer(ServerRequest req, ServerResponse res, List<String> scopes, List<String> names) {
        res.header(HeaderValues.CACHE_NO_CACHE).header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        MediaType type = req.headers().bestAccepted(MediaTypes.TEXT_PLAIN, MediaTypes.APPLICATION_OPENMETRICS_TEXT,
                MediaTypes.APPLICATION_JSON).orElse(null);
        if (type == null) {
            res.status(Status.NOT_ACCEPTABLE_406).send();
            return;
        }
        Optional<MeterRegistryFormatter> formatter = formatters.stream()
                .flatMap(p -> p.formatter(type, config, registry, config.scoping().tagName(), scopes, names).stream())
                .findFirst();
        if (formatter.isEmpty()) {
            res.status(Status.UNSUPPORTED_MEDIA_TYPE_415).send();
            return;
        }
        Optional<?> output = formatter.get().format();
        if (output.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        res.status(Status.OK_200).headers().contentType(type);
        res.send(output.get().toString().getBytes(StandardCharsets.UTF_8));
    }
}
