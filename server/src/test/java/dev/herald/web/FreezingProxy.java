package dev.herald.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a server whose open connections can be frozen, as the server's end forgets them
 * (it gave up on a sleeping laptop): the server's writes no longer arrive and neither end is told, until
 * the browser writes on one (a kept-alive connection reused), which is then reset as the server's host
 * would. A stream, which the browser only reads, stays open and silent. Connections made after
 * {@link #freeze()} pass normally.
 */
final class FreezingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

    FreezingProxy(int target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every connection open now passes nothing from now on; new ones pass. */
    void freeze() {
        for (Pipe p : pipes) {
            p.frozen = true;
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Pipe p = new Pipe(client, server);
                pipes.add(p);
                Thread.ofVirtual().start(() -> p.copy(client, server));
                Thread.ofVirtual().start(() -> p.copy(server, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Pipe p : pipes) {
            p.close();
        }
    }

    private static final class Pipe {
        final Socket a;
        final Socket b;
        volatile boolean frozen;

        Pipe(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void copy(Socket from, Socket to) {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (frozen && from == a) {
                        close(); // the browser writes on a connection the server forgot: the server's host resets it
                        return;
                    }
                    if (frozen) {
                        continue; // swallowed: neither end hears of it
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
                if (!frozen) {
                    close();
                }
            } catch (IOException gone) {
                if (!frozen) {
                    close();
                }
            }
        }

        void close() {
            try {
                a.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
