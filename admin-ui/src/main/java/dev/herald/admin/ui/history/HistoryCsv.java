package dev.herald.admin.ui.history;

import java.util.List;

/**
 * History as CSV (RFC 4180: quoted when needed, CRLF lines). Cells that a spreadsheet would run
 * as a formula (starting with = + - @) get a leading apostrophe.
 */
public final class HistoryCsv {
    // users last, so the columns before keep their places for whoever reads older exports.
    static final String HEADER = "id,time,level,title,message,topics,recipients,delivered,pages_delivered,seen,users";

    private HistoryCsv() {
    }

    public static String of(List<NotificationRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (NotificationRow r : rows) {
            sb.append(r.id()).append(',')
                    .append(cell(r.time().toString())).append(',')
                    .append(cell(r.level())).append(',')
                    .append(cell(r.title())).append(',')
                    .append(cell(r.message())).append(',')
                    .append(cell(String.join(" ", r.topics()))).append(',')
                    .append(number(r.recipients())).append(',')
                    .append(number(r.delivered())).append(',')
                    .append(number(r.pages())).append(',')
                    .append(number(r.seen())).append(',')
                    // A notification limited to users read as one for all of its topics without them.
                    .append(cell(String.join(", ", r.draft().users()))).append("\r\n");
        }
        return sb.toString();
    }

    private static String number(Number n) {
        return n == null ? "" : n.toString();
    }

    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String v = "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
