package dev.herald.config;

import java.util.Collection;

/** Which known name a mistyped one probably meant: settings at start, query parameters per request. */
public final class Typos {
    private Typos() {
    }

    /** The known name within {@code maxEdits} edits of {@code name} (the closest), or null. */
    public static String nearest(String name, Collection<String> known, int maxEdits) {
        String best = null;
        int bestDistance = maxEdits + 1;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
