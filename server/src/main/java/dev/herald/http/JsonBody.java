package dev.herald.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body read as JSON, strictly, for every endpoint that takes one: what is stored must be
 * exactly what was sent. Jackson alone accepts overlong UTF-8 ({@code C0 AF} becomes {@code /}),
 * lets a repeated key win silently ({@code {"users":["a"],"users":[]}}), and, unless told, ignores
 * what follows the value. Each is a 400 here.
 */
public final class JsonBody {
    private static final ObjectMapper DOUBLES = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // Exact fractions, so a whole 3600.0 is told from 3600.0000000000001 (a double rounds both to 3600);
    // ExactNumbers then leaves no BigDecimal in the tree.
    private static final ObjectMapper EXACT = DOUBLES.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonBody() {
    }

    /**
     * The body as a JSON tree (MissingNode when empty), or a 400 malformed_json that says why. A number with
     * a whole value is an integer node however written (3600.0, 3.6e3); any other fraction a double, as Jackson
     * reads it by default (see {@link ExactNumbers}).
     */
    public static JsonNode parse(byte[] body) {
        requireUtf8(body);
        try {
            JsonNode root;
            try {
                root = ExactNumbers.settle(EXACT.readTree(body));
            } catch (NumberFormatException e) {
                // An exponent past what a BigDecimal holds (1e9999999999): no JacksonException, so it was a 500.
                // Read as doubles (Infinity, 0.0), each field refuses it with its own 400, as before exact reading.
                root = DOUBLES.readTree(body);
            }
            return root == null ? MissingNode.getInstance() : root;
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "body is not valid JSON: " + plain(e));
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "body could not be read: " + e.getMessage());
        }
    }

    // Jackson's words without its internals (a "[Source: REDACTED (`StreamReadFeature...` disabled)]"
    // marker, the name of the limit's Java method, the class a value was read as and the switch that
    // refused what follows it), then where in the body it went wrong. Until the twenty-third session a
    // second value after the first was answered "... (bound as `com.fasterxml.jackson.databind.JsonNode`):
    // not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`" (a tester's find).
    // Jackson's own parts in a message (`com.fasterxml...`, `StreamReadFeature.X`, a Java type): not a
    // backtick alone, which quotes the client's own character ("Unexpected character ('`' (code 96))").
    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "(?i)jackson|`(com|java|tools)\\.|`[A-Za-z]*Feature|Feature\\.[A-Z_]+");

    private static String plain(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage())
                .replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
                .replaceAll("\\s*\\[Source:.*?\\]", "")
                .replaceAll(",?\\s*from `[^`]*`", "")
                .replaceAll(":\\s*enable `[^`]*` to allow", "") // NaN, Infinity
                .replaceAll("\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)", ""); // comments
        if (m.startsWith("Trailing token")) {
            m = "something follows the JSON value (send one value per body)";
        } else if (INTERNALS.matcher(m).find()) {
            m = "unexpected input"; // a message not met yet that names Jackson's own parts: where is enough
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? m : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static void requireUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) { // a non-ASCII byte: check the whole body once (most bodies are ASCII)
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body));
                } catch (CharacterCodingException e) {
                    throw ApiException.badRequest("malformed_json", "body is not valid UTF-8 (send JSON as UTF-8)");
                }
                return;
            }
        }
    }

    /** A 400 unless every string in the text is whole UTF-16 (a lone surrogate cannot be stored as UTF-8). */
    public static String requireWholeText(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest("invalid_text", "\"" + field + "\" contains a lone surrogate (\\u"
                        + Integer.toHexString(c) + "); send whole characters");
            }
        }
        return value;
    }
}
