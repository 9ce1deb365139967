package dev.herald.events;

import io.helidon.common.socket.PlainSocket;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The read-buffer swap on a real Helidon {@code PlainSocket} over a real loopback connection. */
class DisconnectWatcherTest {

    @Test
    void theSwappedBufferReadsSixteenBytesAtATimeAndStillSeesEverythingAndTheEnd() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, listener.getLocalPort());
             Socket accepted = listener.accept()) {
            PlainSocket socket = PlainSocket.server(accepted, "1", "0");
            byte[] sent = "forty bytes a client should never send!!".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = client.getOutputStream();

            out.write(sent);
            out.flush();
            Thread.sleep(100); // all 40 bytes are in the kernel's buffer before the first read
            byte[] whole = socket.get();
            assertThat(whole).as("Helidon's own 8 KB buffer takes everything waiting").isEqualTo(sent);

            // A JDK that refuses final-field mutation keeps Helidon's buffer (documented fallback).
            assumeTrue(DisconnectWatcher.shrinkReadBuffer(socket),
                    "SKIPPED: this JDK refuses to set PlainSocket.readBuffer; streams keep the 8 KB buffer");
            out.write(sent);
            out.flush();
            Thread.sleep(100);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] first = socket.get();
            assertThat(first).hasSize(16);
            got.write(first);
            while (got.size() < sent.length) {
                byte[] next = socket.get();
                assertThat(next).hasSizeLessThanOrEqualTo(16);
                got.write(next);
            }
            assertThat(got.toByteArray()).isEqualTo(sent);

            client.close();
            assertThat(socket.get()).as("end of stream after the client closed").isNull();
        }
    }
}
