import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What a parked virtual thread costs in heap, by how deep it parks and on what: N virtual threads
 * each recurse D frames and then park, either in LockSupport.park or in a blocking read of a
 * loopback socket that never receives anything (what an idle SSE stream's thread does). After a
 * full GC the JVM's own class histogram gives the StackChunk bytes per thread. The floor under
 * "memory per idle connection" for any design with one parked virtual thread per connection.
 *
 *   java bench/StackCost.java [threads=3000] [depth=1] [park|read]
 */
public class StackCost {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean read = args.length > 2 && args[2].equals("read");
        List<Socket> keep = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), threads);
            for (int i = 0; i < threads; i++) {
                if (read) {
                    keep.add(new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort()));
                    SocketChannel accepted = server.accept();
                    InputStream in = accepted.socket().getInputStream();
                    Thread.startVirtualThread(() -> descend(depth, in));
                } else {
                    Thread.startVirtualThread(() -> descend(depth, null));
                }
            }
            Thread.sleep(2000);
            System.gc();
            long[] chunks = stackChunks();
            System.out.printf("%d virtual threads parked (%s) %d frames deep: %d StackChunks, %.0f bytes per thread%n",
                    threads, read ? "socket read" : "LockSupport.park", depth, chunks[0], (double) chunks[1] / threads);
            System.exit(0);
        }
    }

    private static void descend(int depth, InputStream in) {
        if (depth > 0) {
            descend(depth - 1, in);
            return;
        }
        if (in == null) {
            LockSupport.park();
            return;
        }
        try {
            in.read(new byte[16]);
        } catch (IOException e) {
            // the process exits; nothing to do
        }
    }

    // {instances, bytes} of jdk.internal.vm.StackChunk from jcmd GC.class_histogram on this process.
    private static long[] stackChunks() throws Exception {
        String jcmd = ProcessHandle.current().info().command().orElseThrow().replaceFirst("java$", "jcmd");
        java.nio.file.Path out = java.nio.file.Files.createTempFile("stackcost", ".txt");
        Process p = new ProcessBuilder(jcmd, Long.toString(ManagementFactory.getRuntimeMXBean().getPid()),
                "GC.class_histogram").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.waitFor();
        List<String> lines = java.nio.file.Files.readAllLines(out);
        java.nio.file.Files.delete(out);
        for (String line : lines) {
            if (line.contains(" jdk.internal.vm.StackChunk")) { // followed by the module since JDK 9+ histograms
                String[] f = line.trim().split("\\s+");
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
        }
        throw new IllegalStateException("no StackChunk line in the histogram");
    }
}
