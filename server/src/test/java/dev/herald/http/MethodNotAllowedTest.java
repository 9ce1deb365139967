package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A known path with the wrong method: 405, an Allow header and the JSON error, never a 404. */
class MethodNotAllowedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(); // no operator token: loopback calls are operators

    @ParameterizedTest(name = "{0} {1} -> Allow: {2}")
    @CsvSource({
            "POST,    /events,                  'GET, HEAD'",
            "PUT,     /events,                  'GET, HEAD'",
            "DELETE,  /events,                  'GET, HEAD'",
            "PATCH,   /events,                  'GET, HEAD'",
            "POST,    /notifications,           'GET, HEAD'",
            "DELETE,  /notifications,           'GET, HEAD'",
            "GET,     /notifications/1,         DELETE",
            "POST,    /notifications/1,         DELETE",
            "POST,    /admin/stats,             'GET, HEAD'",
            "DELETE,  /admin/stats,             'GET, HEAD'",
            "POST,    /admin/stats/stream,      'GET, HEAD'",
            "PUT,     /admin/clients,           'GET, HEAD'",
            "PATCH,   /admin/notifications,     'GET, HEAD'",
            "DELETE,  /admin/notifications/1,   'GET, HEAD'",
            "POST,    /admin/notifications/1,   'GET, HEAD'",
            "POST,    /admin/scheduled,         'GET, HEAD'",
            "DELETE,  /admin/scheduled,         'GET, HEAD'",
            "GET,     /admin/tokens,            POST",
            "PUT,     /admin/tokens,            POST",
            "GET,     /notify,                  POST",
            "PUT,     /admin/clients/x,         DELETE",
    })
    void wrongMethodIs405WithAllow(String method, String path, String allow) throws Exception {
        HttpResponse<String> res = TestHerald.send(HttpRequest.newBuilder(herald.uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(405);
        // RFC 9110: Allow lists what the resource supports, OPTIONS included (a plain OPTIONS is answered below).
        assertThat(res.headers().firstValue("Allow")).hasValue(allow + ", OPTIONS");
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.get("error").asText()).isEqualTo("method_not_allowed");
        assertThat(body.get("detail").asText()).contains(allow);
    }

    // A plain OPTIONS (no preflight headers) was a 405 whose Allow did not name OPTIONS, while a preflight to the same
    // path from an allowed origin was a 204 (an integrator's pass, twenty-fourth session). Now both are 204.
    @ParameterizedTest(name = "OPTIONS {0} -> Allow: {1}")
    @CsvSource({
            "/events,                  'GET, HEAD, OPTIONS'",
            "/notify,                  'POST, OPTIONS'",
            "/notify/batch,            'POST, OPTIONS'",
            "/notifications,           'GET, HEAD, OPTIONS'",
            "/notifications/1,         'DELETE, OPTIONS'",
            "/receipts,                'POST, OPTIONS'",
            "/admin/tokens,            'POST, OPTIONS'",
            "/admin/stats,             'GET, HEAD, OPTIONS'",
            "/cluster,                 'GET, HEAD, OPTIONS'",
    })
    void aPlainOptionsIsA204WithAllow(String path, String allow) {
        HttpResponse<String> res = TestHerald.send(HttpRequest.newBuilder(herald.uri(path))
                .timeout(Duration.ofSeconds(10))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(204);
        assertThat(res.headers().firstValue("Allow")).hasValue(allow);
        assertThat(res.body()).isEmpty();
    }

    @Test
    void rightMethodsStillWork() {
        assertThat(herald.get("/notifications").statusCode()).isEqualTo(200);
        assertThat(herald.get("/admin/scheduled").statusCode()).isEqualTo(200);
        assertThat(herald.get("/admin/notifications/999").statusCode()).isEqualTo(404);
        assertThat(herald.get("/no/such/path").statusCode()).isEqualTo(404);
    }
}
