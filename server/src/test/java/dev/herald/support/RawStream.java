package dev.herald.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** An SSE stream read byte for byte from a raw socket: the HTTP head, then one chunk at a time. */
public final class RawStream {
    private RawStream() {
    }

    /**
     * Sends {@code GET path} on a new connection.
     *
     * @param receiveBuffer the socket's receive buffer in bytes (small: a client that falls behind), 0 for the default
     */
    public static Socket open(int port, String path, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Reads up to and including the terminator. */
    public static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int c = in.read();
            assertThat(c).as("connection closed early after %s", b).isNotEqualTo(-1);
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** One HTTP/1.1 chunk's data ("" for the last chunk). */
    public static String chunk(InputStream in) throws IOException {
        String size = line(in, "\r\n").trim();
        int n = Integer.parseInt(size, 16);
        byte[] data = in.readNBytes(n);
        assertThat(data).hasSize(n);
        assertThat(line(in, "\r\n")).isEqualTo("\r\n");
        return new String(data, StandardCharsets.UTF_8);
    }
}
