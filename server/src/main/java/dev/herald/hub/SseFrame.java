package dev.herald.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The SSE wire format in one place. Notification frames come ready-made from
 * {@link dev.herald.store.StoredEvent#frame()}; these are the control frames. Every text is split
 * on CR, LF and CRLF into separate {@code data:} lines, so no value can end a frame early or
 * smuggle in an {@code event:} or {@code id:} field.
 */
public final class SseFrame {
    // Jackson's default buffer pool is a ThreadLocal: every stream's virtual thread would keep its
    // own ~8 KB of char buffers for as long as the stream lives (seen in a heap histogram at 19,000
    // idle streams). A shared pool hands the buffers back after each hello.
    // (ObjectNode.toString() would use Jackson's default, per-thread pool.)
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build()).build();

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    /** A comment line: keeps proxies from timing out and reveals clients that left. */
    public static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The heartbeat as an event, for {@code GET /events?heartbeat=event}: a browser's EventSource never
     * shows comments, so a page cannot tell a quiet stream from a dead one (a network that dropped the
     * connection without a word) unless the heartbeat is an event it hears. Data is required for the
     * browser to dispatch it.
     */
    public static final byte[] HEARTBEAT_EVENT = "event: heartbeat\ndata: {}\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrame() {
    }

    /** A comment line (ignored by EventSource), one line whatever the text holds. */
    public static byte[] comment(String text) {
        return (": " + LINE_BREAK.matcher(text).replaceAll(" ") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A named control event ({@code hello}, {@code reset}) without an id, so Last-Event-ID stays put. */
    public static byte[] named(String event, String data) {
        return (field("event", event) + dataLines(data) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code hello} event every stream starts with; {@code log} is the event log's instance id. */
    public static byte[] hello(Subscriber subscriber, String log, long latestId, Duration heartbeat) {
        // Written by hand: every stream of a reconnect storm starts here, and the ObjectMapper round
        // trip (a node, a generator, a pooled buffer) was ~5 % of a storm's CPU (JFR, tenth session).
        StringBuilder b = new StringBuilder(160).append("{\"connection\":");
        quoted(b, subscriber.id()).append(",\"topics\":[");
        String[] topics = subscriber.topics().toArray(String[]::new);
        Arrays.sort(topics);
        for (int i = 0; i < topics.length; i++) {
            quoted(i == 0 ? b : b.append(','), topics[i]);
        }
        b.append("],\"log\":");
        quoted(b, log).append(",\"latestId\":").append(latestId)
                .append(",\"heartbeat\":").append(heartbeat.toMillis()).append('}');
        return named("hello", b.toString());
    }

    private static StringBuilder quoted(StringBuilder b, String s) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"');
    }

    /** The {@code reset} event: the client's Last-Event-ID cannot be replayed from ({@code reason}). */
    public static byte[] reset(String reason, long id) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", reason);
        n.put("id", id);
        return named("reset", JSON.writeValueAsString(n));
    }

    /** A plain message event with an id. */
    public static byte[] message(String id, String data) {
        return (field("id", id) + dataLines(data) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    // Single-line fields: line breaks would start a new field, so they become spaces.
    private static String field(String name, String value) {
        return name + ": " + value.replace('\r', ' ').replace('\n', ' ') + "\n";
    }

    private static String dataLines(String data) {
        if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
            // The usual case (JSON escapes line breaks): no regex. Every stream's hello comes here
            // (10,000 in a reconnect storm), and String.split compiles this pattern on each call.
            return "data: " + data + "\n";
        }
        StringBuilder sb = new StringBuilder(data.length() + 8);
        for (String line : LINE_BREAK.split(data, -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes what the buffer holds in one write, empties it, and flushes (without a flush nothing
     * leaves Helidon's buffers). Helidon reports write failures as UncheckedIOException; they come
     * back as the IOException they wrap.
     */
    public static void writeAndFlush(ByteArrayOutputStream buf, OutputStream out) throws IOException {
        if (buf.size() > 0) {
            buf.writeTo(out);
            buf.reset();
        }
        try {
            out.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Tells a stream whose replay cannot be read why it ends: an SSE comment, which EventSource ignores
     * (it reconnects as usual) while curl and logs show the reason; with the retry hint first when the
     * stream has not had it yet ({@code retryHint} not null). A client gone meanwhile is not told.
     */
    static void tellStoreUnavailable(OutputStream out, Duration retryHint) {
        try {
            FrameBuffer frames = new FrameBuffer();
            if (retryHint != null) {
                frames.write(retry(retryHint.toMillis()));
            }
            // Not the log's own message: subscribers may be anyone, and it names the store's address.
            frames.write(comment("store_unavailable: the event log cannot be read right now, so the missed "
                    + "events cannot be replayed; reconnect later"));
            writeAndFlush(frames, out);
        } catch (IOException | RuntimeException ignored) {
            // The client left as well.
        }
    }
}
