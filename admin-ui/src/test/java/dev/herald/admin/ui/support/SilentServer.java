package dev.herald.admin.ui.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that hangs like a frozen Herald (kill -STOP) or a dead link: GET /admin/stats answers,
 * the stats stream sends its headers and one event and then nothing, and in {@code mute} mode no
 * request is ever answered. Sockets stay open, so only a read timeout can notice.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final boolean mute;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private SilentServer(boolean mute) throws IOException {
        this.mute = mute;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("silent-server").start(this::accept);
    }

    /** Answers the snapshot, then goes quiet on the stream after one event. */
    public static SilentServer afterHeaders() throws IOException {
        return new SilentServer(false);
    }

    /** Accepts connections and never answers. */
    public static SilentServer mute() throws IOException {
        return new SilentServer(true);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            String head = readHead(s.getInputStream());
            if (mute) {
                return; // the socket stays open and silent
            }
            OutputStream out = s.getOutputStream();
            if (head.startsWith("GET /admin/stats/stream")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
                        + "event: stats\ndata: {\"connected\":0}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return; // and then nothing, ever
            }
            byte[] body = "{\"connected\":0,\"node\":\"silent\"}".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            s.close();
        } catch (IOException e) {
            // the client went away: nothing to do
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
