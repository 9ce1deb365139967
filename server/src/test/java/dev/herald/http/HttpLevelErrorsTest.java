package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.ApiErrors;
import dev.herald.support.RawHttp;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Helidon refuses before routing still get JSON {"error","detail"} (JsonDirectHandler).
 * Raw sockets, because java.net.http will not send most of these.
 */
class HttpLevelErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POST_HEAD = "POST /notify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    private static JsonNode assertJsonError(RawHttp.Response res, int status, String error) throws Exception {
        return ApiErrors.assertRefused(res.status(), res.header("Content-Type"), res.body(), status, error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative Content-Length    | Content-Length: -5\\r\\n",
            "non-numeric Content-Length | Content-Length: abc\\r\\n",
            "header without colon       | X-Broken header line\\r\\nContent-Length: 2\\r\\n",
            "Content-Length and chunked | Content-Length: 2\\r\\nTransfer-Encoding: chunked\\r\\n",
            "gzip body                  | Content-Encoding: gzip\\r\\nContent-Length: 2\\r\\n",
    })
    void brokenRequestHeadersGetJson400(String name, String headers) throws Exception {
        String h = headers.replace("\\r\\n", "\r\n");
        assertJsonError(RawHttp.exchange(herald.port(), POST_HEAD + h + "Connection: close\r\n\r\n{}"), 400, "bad_request");
    }

    @Test
    void missingHostGetsJson400() throws Exception {
        JsonNode body = assertJsonError(RawHttp.exchange(herald.port(), "GET /notifications HTTP/1.1\r\n\r\n"),
                400, "bad_request");
        assertThat(body.get("detail").asText()).containsIgnoringCase("host");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/%zz", "/notifications?topic=%zz", "/notifications?topic=a%", "/notifications?limit=%ZZ", "/events?%zz=1"})
    void badPercentEncodingGetsJson400(String target) throws Exception {
        JsonNode body = assertJsonError(RawHttp.exchange(herald.port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                400, "bad_request");
        // In plain words: the query's were Helidon's, naming its parser's index and char.
        assertThat(body.get("detail").asText()).doesNotContain("index:").doesNotContain("char").doesNotContain("Query ");
    }

    @Test
    void rawNonAsciiByteInQueryGetsJson400() throws Exception {
        byte[] req = "GET /notifications?topic=\u00e9t\u00e9 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertJsonError(RawHttp.exchange(herald.port(), req), 400, "bad_request");
    }

    @Test
    void oneHugeHeaderGetsJson431() throws Exception {
        String req = "GET /notifications HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
        assertJsonError(RawHttp.exchange(herald.port(), req), 431, "headers_too_large");
    }

    @Test
    void tooManyHeadersGetJson431() throws Exception {
        StringBuilder req = new StringBuilder("GET /notifications HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 2000; i++) {
            req.append("X-H").append(i).append(": v\r\n");
        }
        assertJsonError(RawHttp.exchange(herald.port(), req.append("\r\n").toString()), 431, "headers_too_large");
    }

    @Test
    void longUrlGetsJson414() throws Exception {
        String req = "GET /notifications?topic=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        assertJsonError(RawHttp.exchange(herald.port(), req), 414, "uri_too_long");
    }

    @Test
    void http10GetsJson505ThatSaysUseHttp11() throws Exception {
        JsonNode body = assertJsonError(RawHttp.exchange(herald.port(), "GET /notifications HTTP/1.0\r\n\r\n"),
                505, "http_version_not_supported");
        assertThat(body.get("detail").asText()).contains("HTTP/1.1");
    }

    @Test
    void serverStillAnswersNormallyAfterwards() throws Exception {
        RawHttp.exchange(herald.port(), POST_HEAD + "Content-Length: -5\r\n\r\n");
        assertThat(herald.get("/notifications").statusCode()).isEqualTo(200);
    }
}
