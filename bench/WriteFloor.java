import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor under "CPU per delivery" on this machine: one platform thread writes one small SSE-sized
 * frame to each of N loopback sockets in turn (no HTTP, no queues, no thread wakeups), while
 * reader threads drain the other ends. Prints the writer's CPU per write (user + kernel, which on
 * loopback includes the receiving side's TCP processing) and the whole process's CPU per write.
 *
 *   java bench/WriteFloor.java [sockets=1000] [rounds=200] [bytes=150]
 */
public class WriteFloor {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        byte[] frame = ("id: 1\ndata: " + "x".repeat(Math.max(1, size - 14)) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        List<OutputStream> outs = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, n, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < n; i++) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept();
                accepted.setTcpNoDelay(true);
                outs.add(accepted.getOutputStream());
                InputStream in = client.getInputStream();
                Thread.ofVirtual().start(() -> drain(in)); // readers: cheap, parked between reads
            }
            var threads = ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int warm = 0; warm < 20; warm++) {
                for (OutputStream out : outs) {
                    out.write(frame);
                }
            }
            Thread.sleep(500);
            long cpu0 = threads.getCurrentThreadCpuTime(), proc0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (OutputStream out : outs) {
                    out.write(frame);
                }
            }
            long writerNs = threads.getCurrentThreadCpuTime() - cpu0;
            Thread.sleep(500); // let the readers finish
            long procNs = os.getProcessCpuTime() - proc0;
            long writes = (long) n * rounds;
            System.out.printf("%d sockets x %d rounds, %d-byte frames: writer %.2f us CPU per write, "
                            + "process (writer + readers) %.2f us per write, %.0f writes/s%n",
                    n, rounds, frame.length, writerNs / 1e3 / writes, procNs / 1e3 / writes,
                    writes / ((System.nanoTime() - t0 - 500_000_000L) / 1e9));
        }
        System.exit(0);
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (Exception ignored) {
            // closed at exit
        }
    }
}
