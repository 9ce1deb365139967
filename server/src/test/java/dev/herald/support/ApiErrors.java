package dev.herald.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The one shape every refusal has: a status, JSON {@code {"error","detail"}}, and a detail for people, never a stack trace. */
public final class ApiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    public static JsonNode assertRefused(HttpResponse<String> res, int status, String error) throws Exception {
        return assertRefused(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body(), status, error);
    }

    /** For answers read off a raw socket. */
    public static JsonNode assertRefused(int actualStatus, String contentType, String body, int status, String error)
            throws Exception {
        assertThat(actualStatus).as(body).isEqualTo(status);
        assertThat(contentType).startsWith("application/json");
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("error").asText()).isEqualTo(error);
        assertThat(json.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        return json;
    }
}
