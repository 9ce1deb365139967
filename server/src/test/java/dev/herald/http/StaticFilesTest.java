package dev.herald.http;

import dev.herald.support.LogCapture;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The web client's files: served with validators, and a browser's revalidation gets a bodiless 304. */
class StaticFilesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    @Test
    void aRevalidatedFileIsA304WithoutBodyAndTheConnectionStaysUsable() throws Exception {
        HttpResponse<String> first = get("/app.js", null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("connectStream");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        // What a browser sends on reload; until this fix Helidon turned our JSON 304 into a 500
        // (logged as SEVERE "Attempt to send status 304 Not Modified with entity").
        try (LogCapture severe = LogCapture.on(Logger.getLogger("io.helidon"), Level.SEVERE)) {
            HttpResponse<String> again = get("/app.js", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).contains(etag);
            assertThat(severe.records()).extracting(r -> r.getMessage()).isEmpty();
        }

        // Same client, kept-alive connection: the next answer is intact.
        HttpResponse<String> next = get("/index.html", null);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("<html");
    }

    // Without Cache-Control a browser may reuse a file unasked for a tenth of its age (heuristic
    // freshness): after an upgrade a page could run an old module beside a new one.
    @Test
    void everyFileIsRevalidatedBeforeUseWhileTheApiIsNeverStored() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/app.js", "/worker.js", "/styles.css", "/icon.svg"}) {
            HttpResponse<String> file = get(path, null);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
            HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(herald.uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.headers().allValues("Cache-Control")).as("HEAD " + path).containsExactly("no-cache");
            HttpResponse<String> same = get(path, file.headers().firstValue("ETag").orElseThrow());
            assertThat(same.statusCode()).as(path).isEqualTo(304);
            assertThat(same.headers().allValues("Cache-Control")).as("304 " + path).containsExactly("no-cache");
        }
        for (String path : new String[] {"/nope.js", "/notifications", "/observe/nope"}) {
            assertThat(get(path, null).headers().allValues("Cache-Control")).as(path).containsExactly("no-store");
        }
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(herald.uri(path));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
