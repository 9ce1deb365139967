package dev.herald.events;

import dev.herald.support.SseClient;
import dev.herald.support.RawStream;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.herald.support.RawStream.chunk;
import static dev.herald.support.RawStream.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The threads of taken-over streams ({@link StreamPump}, {@link DetachedConnection}) against hostile and
 * unlucky clients: one that keeps sending, leaves while waiting for its setup, half-closes, never reads;
 * file descriptors and connection slots over many connect/leave cycles; the graceful stop; no lost
 * writer wake-ups. Found by a review of the change (eighth session); each failed before its fix.
 */
class StreamPumpTest {
    static Socket open(TestHerald h) throws IOException {
        return RawStream.open(h.port(), "/events", 0);
    }

    static Socket openLive(TestHerald h) throws IOException {
        Socket s = open(h);
        InputStream in = s.getInputStream();
        String head = line(in, "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(chunk(in)).startsWith("retry:");
        assertThat(chunk(in)).startsWith("event: hello");
        return s;
    }

    static long fds() throws IOException {
        try (var l = Files.list(Path.of("/proc/self/fd"))) {
            return l.count();
        }
    }

    @Test
    void aClientThatKeepsSendingIsCutAndDoesNotHoldTheSelector() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true", "herald.limits.connections.ip", "5"))) {
            Socket flooder = openLive(h);
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);
            AtomicBoolean stop = new AtomicBoolean();
            Thread t = Thread.ofPlatform().start(() -> {
                byte[] junk = new byte[64 * 1024];
                try {
                    OutputStream o = flooder.getOutputStream();
                    while (!stop.get()) {
                        o.write(junk);
                    }
                } catch (IOException e) {
                    // ends
                }
            });
            Socket leaver = openLive(h);
            leaver.close();
            try {
                // Both gone: the leaver noticed although the flooder keeps the selector busy, the flooder cut.
                await().atMost(Duration.ofSeconds(4)).until(() -> h.server().detachedStreams() == 0);
            } finally {
                stop.set(true);
                flooder.close();
                t.join();
            }
        }
    }

    // In a reconnect storm: a client gone while its stream waited for a setup slot costs no setup and no connection slot.
    @Test
    void aClientLeavingWhileWaitingForASetupSlotIsNoticed() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true", "herald.limits.connections.ip", "1"))) {
            Runnable slot = h.server().hub().startSetup(); // the machine's only setup slot (2 cores), as in a storm
            long connectsBefore;
            try {
                Socket s = open(h);
                assertThat(line(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
                s.close();
                Thread.sleep(1000);
                connectsBefore = h.server().hub().stats().connects();
                await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 0);
                try (SseClient next = h.connect("/events")) {
                    assertThat(next.status()).as("the per-IP slot of the client that left came back").isEqualTo(200);
                }
            } finally {
                slot.run();
            }
            Thread.sleep(500);
            assertThat(h.server().hub().stats().connects()).as("the gone client was never subscribed")
                    .isLessThanOrEqualTo(connectsBefore + 1);
        }
    }

    // Leaving before the head, during setup, with a reset, half-closed, or plainly: 200 times, nothing left behind.
    @Test
    void fdsAndSlotsComeBack() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true", "herald.limits.connections.ip", "1",
                "herald.events.heartbeat", "1s"))) {
            try (SseClient warm = h.connect("/events")) {
                warm.awaitHello();
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 0);
            Thread.sleep(500);
            long before = fds();
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                int kind = i % 5;
                Socket s = open(h);
                InputStream in = s.getInputStream();
                if (kind == 0) { // leaves before reading anything
                    s.close();
                } else {
                    String head = line(in, "\r\n\r\n");
                    if (head.startsWith("HTTP/1.1 429")) {
                        refused++;
                        s.close();
                        Thread.sleep(20);
                        i--;
                        continue;
                    }
                    if (kind == 1) { // leaves right after the head (during setup)
                        s.close();
                    } else if (kind == 2) { // RST after hello
                        chunk(in);
                        chunk(in);
                        s.setSoLinger(true, 0);
                        s.close();
                    } else if (kind == 3) { // half-close after hello
                        chunk(in);
                        chunk(in);
                        s.shutdownOutput();
                        while (in.read() >= 0) {
                        }
                        s.close();
                    } else { // leaves after hello
                        chunk(in);
                        chunk(in);
                        s.close();
                    }
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> h.server().detachedStreams() == 0
                        && h.server().hub().stats().connected() == 0);
            }
            Thread.sleep(500);
            long after = fds();
            assertThat(after).as("file descriptors (%d refusals while a slot was still held)", refused)
                    .isLessThanOrEqualTo(before + 3);
            try (SseClient again = h.connect("/events")) {
                assertThat(again.status()).isEqualTo(200);
                again.awaitHello();
            }
        }
    }

    // Graceful stop with a live reading stream, a stream whose socket is full and a stream waiting for setup.
    @Test
    void shutdownEndsEverythingAndThreadsStop() throws Exception {
        TestHerald h = TestHerald.start(Map.of("herald.sqlite.synchronous", "NORMAL", "herald.events.queue", "100000"));
        Socket live = openLive(h);
        Socket full = RawStream.open(h.port(), "/events", 4096);
        await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 2);
        String big = "\u20ac".repeat(4000);
        InputStream lin = live.getInputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            try { while (lin.read(new byte[8192]) >= 0) { } } catch (IOException e) { }
        });
        for (int i = 0; i < 900 && h.server().streamWritesThatWaited() == 0; i++) {
            h.notify("{\"message\":\"" + big + "\"}");
        }
        reader.interrupt();
        assertThat(h.server().streamWritesThatWaited()).isPositive();
        live.close();
        reader.join();
        Socket live2 = openLive(h);
        Runnable slot = h.server().hub().startSetup();
        Socket waiting = open(h);
        assertThat(line(waiting.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
        await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 3);
        Thread closer = Thread.ofPlatform().start(h::close);
        InputStream in2 = live2.getInputStream();
        assertThat(chunk(in2)).as("last chunk for the live stream").isEmpty();
        assertThat(in2.read()).isEqualTo(-1);
        closer.join(10_000);
        assertThat(closer.isAlive()).as("stop finished").isFalse();
        slot.run();
        Thread.sleep(300);
        var names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("herald-stream")).toList();
        assertThat(names).as("pump threads after stop").isEmpty();
        waiting.setSoTimeout(3000);
        try {
            waiting.getInputStream().transferTo(OutputStream.nullOutputStream()); // cut: ends without hanging
        } catch (java.net.SocketException reset) {
            // also an end
        }
        full.close();
        waiting.close();
        live2.close();
    }

    // Ordering and framing while the socket is partly full, with heartbeats and concurrent publishers.
    @Test
    void orderAndFramingUnderPartialWrites() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.sqlite.synchronous", "NORMAL", "herald.events.queue", "100000",
                "herald.events.heartbeat", "1s"))) {
            Socket slow = RawStream.open(h.port(), "/events", 2048);
            InputStream in = slow.getInputStream();
            line(in, "\r\n\r\n");
            chunk(in);
            chunk(in);
            int perThread = 300, threads = 3;
            String pad = "\u20ac".repeat(2500);
            Thread[] pubs = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int tt = t;
                pubs[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        h.notify("{\"message\":\"p" + tt + "-" + i + " " + pad + "\"}");
                    }
                });
            }
            await().atMost(Duration.ofSeconds(8)).until(() -> h.server().streamWritesThatWaited() > 0);
            StringBuilder body = new StringBuilder();
            long lastId = 0;
            int seen = 0, beats = 0;
            java.util.Map<Integer, Integer> perPub = new java.util.HashMap<>();
            while (seen < perThread * threads) {
                if (seen % 50 == 0) Thread.sleep(20); // fall behind now and then
                String c = chunk(in);
                assertThat(c).isNotEmpty();
                body.append(c);
                int end;
                while ((end = body.indexOf("\n\n")) >= 0) {
                    String frame = body.substring(0, end);
                    body.delete(0, end + 2);
                    if (frame.startsWith(":")) { beats++; continue; }
                    var m = java.util.regex.Pattern.compile("(?m)^id: (\\d+)$").matcher(frame);
                    assertThat(m.find()).as(frame).isTrue();
                    long id = Long.parseLong(m.group(1));
                    assertThat(id).as("strictly increasing, consecutive").isEqualTo(lastId == 0 ? id : lastId + 1);
                    lastId = id;
                    var pm = java.util.regex.Pattern.compile("p(\\d)-(\\d+) ").matcher(frame);
                    assertThat(pm.find()).isTrue();
                    int p = Integer.parseInt(pm.group(1)), n = Integer.parseInt(pm.group(2));
                    assertThat(n).isEqualTo(perPub.getOrDefault(p, -1) + 1);
                    perPub.put(p, n);
                    seen++;
                }
            }
            for (Thread t : pubs) {
                t.join();
            }
            assertThat(h.server().hub().stats().dropped()).isZero();
        }
    }

    // Writer park/unpark: every scheduled drain runs (no lost wake-up), never two on one writer at once.
    @Test
    void writersNeverLoseAWakeup() throws Exception {
        StreamPump pump = new StreamPump(2);
        try {
            java.util.concurrent.atomic.AtomicLong ran = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean overlap = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable drain = () -> {
                if (inside.incrementAndGet() > 1) overlap.set(true);
                ran.incrementAndGet();
                inside.decrementAndGet();
            };
            int producers = 3, each = 100_000;
            Thread[] ts = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                ts[p] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        pump.schedule(0, drain);
                        if (i % 1000 == 0) java.util.concurrent.locks.LockSupport.parkNanos(200_000); // let the writer sleep
                    }
                });
            }
            for (Thread t : ts) t.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == (long) producers * each);
            assertThat(overlap).isFalse();
            // one-at-a-time: after it sleeps, a single schedule must wake it
            for (int k = 0; k < 2000; k++) {
                long target = ran.get() + 1;
                pump.schedule(1, drain);
                long t0 = System.nanoTime();
                while (ran.get() < target) {
                    assertThat(System.nanoTime() - t0).as("lost wakeup at " + k).isLessThan(2_000_000_000L);
                    Thread.onSpinWait();
                }
            }
        } finally {
            pump.close();
        }
    }

    // herald.events.linger: a writer woken again soon after its last round waits out the rest (more events per
    // write under load); a drain after a quiet spell runs at once. 1 s here so the timing shows on a busy machine.
    @Test
    void aLingeringWriterWaitsOnlyWhenWokenAgainSoon() throws Exception {
        StreamPump pump = new StreamPump(1, Duration.ofSeconds(1).toNanos());
        try {
            java.util.concurrent.BlockingQueue<Long> ranAt = new java.util.concurrent.LinkedBlockingQueue<>();
            Runnable drain = () -> ranAt.add(System.nanoTime());
            Thread.sleep(1_100);
            long asked = System.nanoTime();
            pump.schedule(0, drain);
            long first = ranAt.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(first - asked)).as("a lone drain is not held").isLessThan(Duration.ofMillis(500));
            Thread.sleep(5); // the writer is asleep again
            pump.schedule(0, drain);
            long second = ranAt.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(second - first)).as("woken again soon: it waits out the linger")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            Thread.sleep(1_100);
            asked = System.nanoTime();
            pump.schedule(0, drain);
            long third = ranAt.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(third - asked)).as("after a quiet spell: at once").isLessThan(Duration.ofMillis(500));
        } finally {
            pump.close();
        }
    }

    // A client that half-closes gets exactly one last chunk (the selector's end and the drain's end meet on one thread).
    @Test
    void halfCloseGetsOneLastChunk() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.sqlite.synchronous", "NORMAL"))) {
            int bad = 0;
            java.util.List<String> samples = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Socket s = openLive(h);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                try { in.transferTo(rest); } catch (IOException e) { rest.write('!'); }
                s.close();
                String r = rest.toString(StandardCharsets.ISO_8859_1);
                if (!r.equals("0\r\n\r\n")) { bad++; if (samples.size() < 5) samples.add(r.replace("\r\n", "|")); }
            }
            assertThat(bad).as("streams that did not end with one last chunk, e.g. %s", samples).isZero();
        }
    }

    // No spinning: a client whose socket is full forever with events and heartbeats due, and a client trickling bytes.
    @Test
    void noSpinWithStuckAndTricklingClients() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.sqlite.synchronous", "NORMAL", "herald.events.heartbeat", "1s"))) {
            Socket full = RawStream.open(h.port(), "/events", 4096);
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);
            String big = "\u20ac".repeat(4000);
            for (int i = 0; i < 900 && h.server().streamWritesThatWaited() == 0; i++) h.notify("{\"message\":\"" + big + "\"}");
            for (int i = 0; i < 20; i++) h.notify("{\"message\":\"queued\"}");
            Socket trickle = openLive(h);
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.function.Supplier<Long> cpu = () -> Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("herald-stream")).mapToLong(t -> mx.getThreadCpuTime(t.threadId())).sum();
            long c0 = cpu.get();
            for (int i = 0; i < 300; i++) { trickle.getOutputStream().write('x'); Thread.sleep(10); }
            long c1 = cpu.get();
            assertThat((c1 - c0) / 1_000_000).as("pump CPU ms over ~3.5 s").isLessThan(500);
            assertThat(h.server().detachedStreams()).as("both still open (300 bytes are not a flood)").isEqualTo(2);
            full.close();
            trickle.close();
        }
    }
}
