import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Latency percentiles of one bench run as a PNG (log scale, one line per server and scenario).
 * No dependencies: run with the JDK's source launcher.
 *
 *   java -Djava.awt.headless=true bench/Plot.java out.png bench/out/RUN/herald.json [label=bench/out/RUN/express.json] ...
 */
public class Plot {
    static final String[] KEYS = {"p50", "p90", "p99", "p999", "max"};
    static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String label = null, file = args[i];
            if (file.contains("=")) { // label=path
                label = file.substring(0, file.indexOf('='));
                file = file.substring(file.indexOf('=') + 1);
            }
            String json = Files.readString(Path.of(file));
            Matcher block = Pattern.compile("\"latencyMs\":\\s*\\{([^}]*)}").matcher(json);
            if (!block.find()) {
                continue;
            }
            double[] v = new double[KEYS.length];
            for (int k = 0; k < KEYS.length; k++) {
                Matcher m = Pattern.compile("\"" + KEYS[k] + "\":\\s*([0-9.]+)").matcher(block.group(1));
                v[k] = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            }
            Path p = Path.of(file);
            names.add(label != null ? label : p.getParent().getFileName() + "/" + p.getFileName().toString().replace(".json", ""));
            series.add(v);
        }
        int w = 1000, h = 520, left = 80, right = 360, top = 40, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double lo = 1, hi = 10;
        for (double[] v : series) {
            for (double x : v) {
                if (x > 0) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        double lgLo = Math.floor(Math.log10(lo)), lgHi = Math.ceil(Math.log10(hi));
        int pw = w - left - right, ph = h - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double d = lgLo; d <= lgHi; d++) {
            int y = top + ph - (int) ((d - lgLo) / (lgHi - lgLo) * ph);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%s ms", fmt(Math.pow(10, d))), 10, y + 4);
        }
        for (int k = 0; k < KEYS.length; k++) {
            int x = left + k * pw / (KEYS.length - 1);
            g.drawString(KEYS[k], x - 10, top + ph + 20);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(args.length > 0 ? "Delivery latency percentiles (log scale), " + new File(args[0]).getName() : "", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(2.5f));
        for (int s = 0; s < series.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            int px = -1, py = -1;
            for (int k = 0; k < KEYS.length; k++) {
                double v = series.get(s)[k];
                if (!(v > 0)) {
                    continue;
                }
                int x = left + k * pw / (KEYS.length - 1);
                int y = top + ph - (int) ((Math.log10(v) - lgLo) / (lgHi - lgLo) * ph);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + pw + 20, top + 10 + s * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(names.get(s), left + pw + 40, top + 22 + s * 22);
        }
        ImageIO.write(img, "png", new File(args[0]));
    }

    static String fmt(double v) {
        return v >= 1 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
