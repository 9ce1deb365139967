import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The least work any SSE server can do for {@code sse-bench.mjs}: what the benchmark can measure at all
 * on this machine. Not a product and not a test: a yardstick for the latency targets of issue #8.
 *
 * <p>One selector thread accepts and reads requests; {@code GET} subscribes (headers written, then the
 * socket only receives), {@code POST} answers 200 at once and writes the event, serialized once, to every
 * subscriber with plain non-blocking writes split over {@code writers} threads. No storage, no HTTP
 * library, no chunked encoding, no queues, no ids kept: everything Herald does beyond this is its cost.
 *
 * <pre>java bench/FloorServer.java PORT [WRITERS]</pre>
 */
public final class FloorServer {

    private static final byte[] SSE_HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POST_OK = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    private final List<SocketChannel> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService writers;
    private final int writerCount;
    private long nextId;

    private FloorServer(int writerCount) {
        this.writerCount = writerCount;
        this.writers = Executors.newFixedThreadPool(writerCount);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        new FloorServer(args.length > 1 ? Integer.parseInt(args[1]) : 2).serve(port);
    }

    private void serve(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("floor server on " + port + ", " + writerCount + " writer threads");
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel ch;
                    while ((ch = server.accept()) != null) {
                        ch.configureBlocking(false);
                        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        ch.register(selector, SelectionKey.OP_READ, new StringBuilder());
                    }
                } else if (key.isReadable()) {
                    read(key);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** Reads what arrived; answers each complete request (keep-alive publishers send many). */
    private void read(SelectionKey key) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        StringBuilder pending = (StringBuilder) key.attachment();
        ByteBuffer buf = ByteBuffer.allocate(16384);
        int n;
        try {
            n = ch.read(buf);
        } catch (IOException gone) {
            n = -1;
        }
        if (n < 0) {
            subscribers.remove(ch);
            key.cancel();
            ch.close();
            return;
        }
        pending.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
        while (true) {
            int end = pending.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            String head = pending.substring(0, end);
            if (head.startsWith("GET")) {
                pending.setLength(0);
                ch.write(ByteBuffer.wrap(SSE_HEADERS));
                subscribers.add(ch);
                return;
            }
            int length = contentLength(head);
            if (pending.length() < end + 4 + length) {
                return;
            }
            String body = pending.substring(end + 4, end + 4 + length);
            pending.delete(0, end + 4 + length);
            ch.write(ByteBuffer.wrap(POST_OK));
            fanOut(body);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** The body is {"message":"..."}; the event carries it with a time, like Herald's. */
    private void fanOut(String body) {
        String message = body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"'));
        byte[] event = ("id: " + (++nextId) + "\ndata: {\"message\":\"" + message + "\",\"time\":\""
                + Instant.now() + "\"}\n\n").getBytes(StandardCharsets.UTF_8);
        List<SocketChannel> all = new ArrayList<>(subscribers);
        int slice = (all.size() + writerCount - 1) / writerCount;
        CountDownLatch done = new CountDownLatch(writerCount);
        for (int w = 0; w < writerCount; w++) {
            List<SocketChannel> mine = all.subList(Math.min(all.size(), w * slice), Math.min(all.size(), (w + 1) * slice));
            writers.execute(() -> {
                for (SocketChannel ch : mine) {
                    try {
                        ch.write(ByteBuffer.wrap(event)); // a few hundred bytes: fits the socket buffer
                    } catch (IOException gone) {
                        subscribers.remove(ch);
                    }
                }
                done.countDown();
            });
        }
        try {
            done.await(); // one event at a time, in order, like a hub's fan-out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
