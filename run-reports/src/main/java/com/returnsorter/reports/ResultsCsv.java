package com.returnsorter.reports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reports/<runId>/results.csv}: one row per photo of a run, for people (a spreadsheet, a
 * quick look). Written with Apache Commons CSV and never parsed back: machines read the same
 * records from {@code items.jsonl} ({@link ItemsJsonl}).
 *
 * <p>Format: UTF-8 without a byte-order mark, RFC 4180 ({@code \r\n} line ends, a cell with a
 * comma, a double quote, CR or LF quoted and its quotes doubled), the header {@value #HEADER}.
 * {@code confidence} has four decimals and is empty when unknown; {@code timestamp} is an ISO-8601
 * instant; {@code status} is the lower-case wire name; {@code error} is {@code reason: message}, or
 * just the reason, or empty. {@code top_k} (last) lists the item's top predictions in order as
 * {@code label=probability} joined by {@code "; "}, e.g. {@code Shirt=0.6120; T-shirt/top=0.2200}.
 *
 * <p>Spreadsheet formula injection: a cell that would start with {@code = + - @}, a tab or a CR
 * (after any leading {@code '}) is written with one extra leading {@code '}, which spreadsheets
 * show as text.
 */
public final class ResultsCsv {

    /** The columns, in file order. */
    public static final List<String> COLUMNS =
            List.of("filename", "category", "confidence", "status", "timestamp", "destination", "error", "object",
                    "top_k", "review_reason");
    /** The header line, without its line end. */
    public static final String HEADER =
            "filename,category,confidence,status,timestamp,destination,error,object,top_k,review_reason";
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

    private static final String REASON_SEPARATOR = ": ";
    private static final String TOP_K_SEPARATOR = "; ";
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader(COLUMNS.toArray(String[]::new))
            .get();

    private ResultsCsv() {
    }

    /**
     * Starts a file on {@code out}: writes the header at once, then one row per
     * {@link RowWriter#write(ItemResult)}. Rows are not kept. Closing the row writer closes {@code out}.
     */
    public static RowWriter writer(Writer out) throws IOException {
        return new RowWriter(new CSVPrinter(out, FORMAT));
    }

    /** Like {@link #writer(Writer)}, encoding UTF-8 (no byte-order mark) into a buffered {@code out}. */
    public static RowWriter writer(OutputStream out) throws IOException {
        return writer(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /**
     * One cell as this format writes it: empty for null, guarded against formula injection, quoted
     * when it holds a comma, a quote or a line end. For other CSV files of the project (the run list).
     */
    public static String cellOf(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String guarded = isFormulaLike(value) ? "'" + value : value;
        if (guarded.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return guarded;
        }
        return '"' + guarded.replace("\"", "\"\"") + '"';
    }

    /** The {@code error} cell for a reason and a message, each may be null. */
    public static String errorCell(String reason, String message) {
        boolean hasReason = reason != null && !reason.isEmpty();
        boolean hasMessage = message != null && !message.isEmpty();
        if (hasReason && hasMessage) {
            return reason + REASON_SEPARATOR + message;
        }
        return hasReason ? reason : hasMessage ? message : "";
    }

    /**
     * The {@code top_k} cell for a label → probability map, before the cell rules (quoting, formula
     * guard) apply: empty for null or an empty map, otherwise the entries in the map's order.
     */
    public static String topKCell(Map<String, Double> topK) {
        if (topK == null || topK.isEmpty()) {
            return "";
        }
        StringBuilder cell = new StringBuilder(16 * topK.size());
        for (Map.Entry<String, Double> entry : topK.entrySet()) {
            if (cell.length() > 0) {
                cell.append(TOP_K_SEPARATOR);
            }
            String label = entry.getKey() == null ? "" : entry.getKey();
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c == '\\' || c == '=' || c == ';') {
                    cell.append('\\');
                }
                cell.append(c);
            }
            cell.append('=');
            if (entry.getValue() != null) {
                cell.append(String.format(Locale.ROOT, "%.4f", entry.getValue()));
            }
        }
        return cell.toString();
    }

    /** Writes rows of {@code results.csv}; not thread-safe. */
    public static final class RowWriter implements Closeable, Flushable {

        private final CSVPrinter printer;
        private long rows;

        private RowWriter(CSVPrinter printer) {
            this.printer = printer;
        }

        public void write(ItemResult item) throws IOException {
            printer.printRecord(
                    guard(item.filename()),
                    guard(item.category()),
                    item.confidence() == null ? "" : String.format(Locale.ROOT, "%.4f", item.confidence()),
                    item.status().wireName(),
                    item.timestamp().toString(),
                    guard(item.destination()),
                    guard(errorCell(item.error(), item.errorMessage())),
                    guard(item.object()),
                    guard(topKCell(item.topK())),
                    guard(item.reviewReason()));
            rows++;
        }

        /** Rows written so far, not counting the header. */
        public long rows() {
            return rows;
        }

        @Override
        public void flush() throws IOException {
            printer.flush();
        }

        @Override
        public void close() throws IOException {
            printer.close(true);
        }
    }

    /** Empty for null; one leading {@code '} before a cell a spreadsheet would take for a formula. */
    private static String guard(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return isFormulaLike(value) ? "'" + value : value;
    }

    /** A cell a spreadsheet would run as a formula, allowing for quotes an earlier guard added. */
    static boolean isFormulaLike(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) == '\'') {
            i++;
        }
        if (i == value.length()) {
            return false;
        }
        char c = value.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
