package dev.herald.store;

import redis.clients.jedis.HostAndPort;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;

/**
 * Whether Herald's first command failed because the URL's scheme does not match the port: {@code rediss://}
 * against a Redis without TLS looked like a slow network (its TLS handshake waits for an answer that never
 * comes), {@code redis://} against a TLS port like "Unexpected end of stream" or "Connection reset". Asked only after that first
 * command failed, with one connection speaking the other way: a plain {@code PING} answered in Redis's
 * protocol, or a TLS handshake that gets as far as the server's certificate, makes it certain. (The TLS
 * one only after Redis hung up on the plain command, so a plain Redis that was merely slow costs no wait.)
 */
final class RedisTlsMismatch {
    private RedisTlsMismatch() {
    }

    /** The start-up error when the port speaks the other way than the URL's scheme, or null. */
    static String atStart(Throwable failure, RedisEndpoint endpoint) {
        boolean tls = endpoint.url().getScheme().equals("rediss");
        HostAndPort at = endpoint.hostAndPort();
        int ms = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
        String redis = "redis " + endpoint.describe();
        if (tls && answersPlainText(at, ms)) {
            return redis + " answers without TLS, but herald.redis.url starts with rediss:// (TLS): use redis://,"
                    + " or give Redis a TLS port (tls-port, tls-cert-file, tls-key-file) and use that port";
        }
        if (!tls && hungUp(failure) && speaksTls(at, ms)) {
            return redis + " speaks TLS, but herald.redis.url starts with redis:// (no TLS): use rediss://";
        }
        return null;
    }

    // "+PONG", or an error line such as "-NOAUTH Authentication required.": Redis's plain protocol.
    private static boolean answersPlainText(HostAndPort at, int ms) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(at.getHost(), at.getPort()), ms);
            s.setSoTimeout(ms);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String line = firstLine(s.getInputStream());
            return line.equals("+PONG") || line.matches("-[A-Z]+ .*");
        } catch (IOException e) {
            return false;
        }
    }

    // A handshake that completes, or fails on the certificate, was answered by a TLS server.
    private static boolean speaksTls(HostAndPort at, int ms) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(at.getHost(), at.getPort()), ms);
            plain.setSoTimeout(ms);
            try (SSLSocket s = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, at.getHost(), at.getPort(), false)) {
                s.startHandshake();
                return true;
            }
        } catch (SSLHandshakeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateException) {
                    return true; // it sent a certificate (one this JVM does not trust: that is a later question)
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    // What Jedis reports when a TLS port hangs up on a plain command: one or the other, by timing.
    private static boolean hungUp(Throwable e) {
        return RedisScript.answer(e, "Unexpected end of stream", "Connection reset") != null;
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\r' && c != '\n' && b.length() < 200; c = in.read()) {
            b.append((char) c);
        }
        return b.toString();
    }
}
