package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code reports/<runId>/results.csv}: one row per photo of a run, written and read as a stream.
 *
 * <p>Format: UTF-8 without a byte-order mark, {@code \r\n} line ends, RFC 4180 quoting (a cell
 * with a comma, a double quote, CR or LF is quoted and its quotes doubled), the header
 * {@value #HEADER}. {@code confidence} has four decimals and is empty when unknown;
 * {@code timestamp} is an ISO-8601 instant; {@code status} is the lower-case wire name;
 * {@code error} is {@code reason: message}, or just the reason, or empty.
 *
 * <p>{@code top_k} (last, so readers that find columns by name and the seed columns first are
 * unaffected) holds the item's {@code topK} in the map's order as {@code label=probability}
 * entries joined by {@code "; "}, probabilities with four decimals, e.g.
 * {@code Shirt=0.6120; T-shirt/top=0.2200; Pullover=0.0900}; it is empty when {@code topK} is
 * null or empty. Inside a label, {@code \}, {@code =} and {@code ;} are each written with a
 * backslash before them ({@code \\}, {@code \=}, {@code \;}); every other character, spaces
 * and line breaks included, is written as it is. A null label is written as an empty one and a
 * null probability as an empty one (read back as null). The cell rules above (quoting, formula
 * guard) then apply to the whole cell. The reader takes a label up to the first unescaped
 * {@code =} and a probability up to the next {@code "; "}; an unknown escape, a dangling
 * backslash, an entry without {@code =}, a probability that is not a number or a separator other
 * than {@code "; "} makes the row malformed. A label that appears twice (only a null and an empty
 * label can collide) keeps its first probability.
 *
 * <p>Spreadsheet formula injection: a cell that would start with {@code = + - @}, a tab or a CR
 * (after any leading {@code '}) is written with one extra leading {@code '}, which spreadsheets
 * show as text; the reader removes exactly that one quote again, so names such as
 * {@code =1+1.jpg} and {@code '=x.jpg} both come back unchanged.
 *
 * <p>What round-trips exactly through {@link #writer(Writer)} and {@link #read(Reader)}: object,
 * filename, status, timestamp (to the nanosecond), destination, and category; confidence to four
 * decimals; {@code topK} with every label and the order of its entries, probabilities to four
 * decimals (a null or empty {@code topK} reads back as null, as it does from a file written
 * before the {@code top_k} column existed, which still reads). Reason and message share the
 * {@code error} column and are split again at the first {@code ": "}, so they come back unchanged
 * when the reason has no {@code ": "} in it (reason codes never do) and is present whenever the
 * message is; a message without a reason reads back as the reason. An empty category, destination
 * or error reads back as null.
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

    private static final String LINE_END = "\r\n";
    private static final String REASON_SEPARATOR = ": ";
    /** Columns from this index on may be missing from a file (written before they existed). */
    private static final int FIRST_OPTIONAL_COLUMN = 8;
    private static final int TOP_K = 8;
    private static final int REVIEW_REASON = 9;
    private static final String TOP_K_SEPARATOR = "; ";

    private ResultsCsv() {
    }

    /**
     * Starts a file on {@code out}: writes the header at once, then one row per
     * {@link RowWriter#write(ItemResult)}. Rows are not kept; wrap {@code out} in a buffer if it is
     * unbuffered and large. Closing the row writer closes {@code out}.
     */
    public static RowWriter writer(Writer out) throws IOException {
        return new RowWriter(out);
    }

    /** Like {@link #writer(Writer)}, encoding UTF-8 (no byte-order mark) into a buffered {@code out}. */
    public static RowWriter writer(OutputStream out) throws IOException {
        return writer(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /**
     * Reads a file row by row. The header is checked at once; every later row is parsed only when
     * the stream asks for it, so a file of any length is never held in memory. Columns are found by
     * their header name, so extra columns are ignored. A leading UTF-8 byte-order mark (as a
     * spreadsheet may add) and empty lines are skipped. Closing the stream closes {@code in}.
     *
     * @throws MalformedCsvException from this call or from the stream, naming the line
     * @throws UncheckedIOException  when reading fails
     */
    public static Stream<ItemResult> read(Reader in) {
        CsvTokenizer tokenizer = new CsvTokenizer(in instanceof BufferedReader ? in : new BufferedReader(in));
        RowIterator rows;
        try {
            rows = new RowIterator(tokenizer);
        } catch (RuntimeException e) {
            try {
                tokenizer.close();
            } catch (UncheckedIOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(rows::close);
    }

    /** Like {@link #read(Reader)}, decoding UTF-8. */
    public static Stream<ItemResult> read(InputStream in) {
        return read(new InputStreamReader(in, StandardCharsets.UTF_8));
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

    /**
     * Parses a {@link #topKCell(Map)} into a map in the cell's order; null for an empty cell.
     *
     * @throws IllegalArgumentException naming what is wrong with the cell
     */
    static Map<String, Double> parseTopK(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        Map<String, Double> topK = new LinkedHashMap<>();
        StringBuilder label = new StringBuilder();
        int i = 0;
        while (true) {
            label.setLength(0);
            int entryStart = i;
            while (true) {
                if (i == cell.length()) {
                    throw new IllegalArgumentException("entry '" + cell.substring(entryStart) + "' has no '='");
                }
                char c = cell.charAt(i++);
                if (c == '=') {
                    break;
                }
                if (c == ';') {
                    throw new IllegalArgumentException(
                            "entry '" + cell.substring(entryStart, i - 1) + "' has no '='");
                }
                if (c == '\\') {
                    if (i == cell.length()) {
                        throw new IllegalArgumentException("a backslash at the end of the cell");
                    }
                    char escaped = cell.charAt(i++);
                    if (escaped != '\\' && escaped != '=' && escaped != ';') {
                        throw new IllegalArgumentException("unknown escape '\\" + escaped + "' in a label");
                    }
                    c = escaped;
                }
                label.append(c);
            }
            int end = cell.indexOf(';', i);
            String number = cell.substring(i, end < 0 ? cell.length() : end);
            Double probability;
            try {
                probability = number.isEmpty() ? null : Double.valueOf(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("probability '" + number + "' of '" + label + "' is not a number");
            }
            if (!topK.containsKey(label.toString())) {
                topK.put(label.toString(), probability);
            }
            if (end < 0) {
                return topK;
            }
            if (!cell.startsWith(TOP_K_SEPARATOR, end)) {
                throw new IllegalArgumentException("entries are not separated by '" + TOP_K_SEPARATOR + "'");
            }
            i = end + TOP_K_SEPARATOR.length();
        }
    }

    /** Writes rows of {@code results.csv}; not thread-safe. */
    public static final class RowWriter implements Closeable, Flushable {

        private final Writer out;
        private final StringBuilder line = new StringBuilder(256);
        private long rows;

        private RowWriter(Writer out) throws IOException {
            this.out = out;
            out.write(HEADER);
            out.write(LINE_END);
        }

        public void write(ItemResult item) throws IOException {
            line.setLength(0);
            cell(item.filename()).append(',');
            cell(item.category()).append(',');
            cell(item.confidence() == null ? null : String.format(Locale.ROOT, "%.4f", item.confidence())).append(',');
            cell(item.status().wireName()).append(',');
            cell(item.timestamp().toString()).append(',');
            cell(item.destination()).append(',');
            cell(errorCell(item.error(), item.errorMessage())).append(',');
            cell(item.object()).append(',');
            cell(topKCell(item.topK())).append(',');
            cell(item.reviewReason()).append(LINE_END);
            out.write(line.toString());
            rows++;
        }

        /** Rows written so far, not counting the header. */
        public long rows() {
            return rows;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        private StringBuilder cell(String value) {
            return line.append(cellOf(value));
        }
    }

    /** The file is not a {@code results.csv}: bad quoting, a wrong header or column count, or a bad value. */
    public static final class MalformedCsvException extends RuntimeException {

        private final long line;

        public MalformedCsvException(long line, String problem) {
            super("results.csv line " + line + ": " + problem);
            this.line = line;
        }

        /** The 1-based line where the bad row starts. */
        public long line() {
            return line;
        }
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

    static String unguard(String cell) {
        return cell.startsWith("'") && isFormulaLike(cell.substring(1)) ? cell.substring(1) : cell;
    }

    private static final class RowIterator implements Iterator<ItemResult> {

        private final CsvTokenizer tokenizer;
        private final int[] index = new int[COLUMNS.size()];
        private final int width;
        private ItemResult next;

        RowIterator(CsvTokenizer tokenizer) {
            this.tokenizer = tokenizer;
            List<String> header = tokenizer.next();
            if (header == null) {
                throw new MalformedCsvException(1, "empty file; expected the header " + HEADER);
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                positions.putIfAbsent(header.get(i).strip(), i);
            }
            for (int i = 0; i < COLUMNS.size(); i++) {
                Integer position = positions.get(COLUMNS.get(i));
                if (position == null && i >= FIRST_OPTIONAL_COLUMN) {
                    index[i] = -1;
                    continue;
                }
                if (position == null) {
                    throw new MalformedCsvException(tokenizer.recordLine(),
                            "no column '" + COLUMNS.get(i) + "' in the header; expected " + HEADER);
                }
                index[i] = position;
            }
            width = header.size();
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                List<String> cells = tokenizer.next();
                if (cells != null) {
                    next = parse(cells, tokenizer.recordLine());
                }
            }
            return next != null;
        }

        @Override
        public ItemResult next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ItemResult result = next;
            next = null;
            return result;
        }

        void close() {
            tokenizer.close();
        }

        private ItemResult parse(List<String> cells, long line) {
            if (cells.size() != width) {
                throw new MalformedCsvException(line, cells.size() + " cells where the header has " + width);
            }
            String statusCell = cell(cells, 3);
            ItemStatus status;
            try {
                status = ItemStatus.fromWire(statusCell);
            } catch (IllegalArgumentException e) {
                throw new MalformedCsvException(line, "unknown status '" + statusCell + "'");
            }
            String confidenceCell = cell(cells, 2);
            Double confidence;
            try {
                confidence = confidenceCell.isEmpty() ? null : Double.valueOf(confidenceCell);
            } catch (NumberFormatException e) {
                throw new MalformedCsvException(line, "confidence '" + confidenceCell + "' is not a number");
            }
            String timestampCell = cell(cells, 4);
            Instant timestamp;
            try {
                timestamp = Instant.parse(timestampCell);
            } catch (DateTimeParseException e) {
                throw new MalformedCsvException(line, "timestamp '" + timestampCell + "' is not an ISO-8601 instant");
            }
            String error = cell(cells, 6);
            int split = error.indexOf(REASON_SEPARATOR);
            Map<String, Double> topK;
            try {
                topK = index[TOP_K] < 0 ? null : parseTopK(cell(cells, TOP_K));
            } catch (IllegalArgumentException e) {
                throw new MalformedCsvException(line, "top_k: " + e.getMessage());
            }
            return new ItemResult(
                    cell(cells, 7),
                    cell(cells, 0),
                    emptyToNull(cell(cells, 1)),
                    confidence,
                    status,
                    timestamp,
                    emptyToNull(cell(cells, 5)),
                    emptyToNull(split < 0 ? error : error.substring(0, split)),
                    split < 0 ? null : error.substring(split + REASON_SEPARATOR.length()),
                    topK,
                    index[REVIEW_REASON] < 0 ? null : emptyToNull(cell(cells, REVIEW_REASON)));
        }

        private String cell(List<String> cells, int column) {
            return unguard(cells.get(index[column]));
        }

        private static String emptyToNull(String value) {
            return value.isEmpty() ? null : value;
        }
    }

    /** Splits RFC 4180 text into records; counts physical lines (CRLF, LF or a lone CR) for messages. */
    private static final class CsvTokenizer {

        private final Reader in;
        private final StringBuilder cell = new StringBuilder();
        private long line = 1;
        private long recordLine = 1;
        private int pushedBack = -2;

        CsvTokenizer(Reader in) {
            this.in = in;
        }

        long recordLine() {
            return recordLine;
        }

        /** The next non-empty record, or null at the end of the input. */
        List<String> next() {
            while (true) {
                recordLine = line;
                int c = read();
                if (c == -1) {
                    return null;
                }
                if (c == '\r' || c == '\n') {
                    endOfLine(c);
                    continue;
                }
                pushedBack = c;
                return record();
            }
        }

        private List<String> record() {
            List<String> cells = new ArrayList<>(COLUMNS.size());
            while (true) {
                cell.setLength(0);
                int c = read();
                if (c == '"') {
                    c = quoted();
                } else {
                    while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        if (c == '"') {
                            throw new MalformedCsvException(line, "a double quote inside an unquoted cell");
                        }
                        cell.append((char) c);
                        c = read();
                    }
                }
                cells.add(cell.toString());
                if (c == ',') {
                    continue;
                }
                if (c != -1) {
                    endOfLine(c);
                }
                return cells;
            }
        }

        /** Reads a quoted cell after its opening quote; returns the character after the closing quote. */
        private int quoted() {
            long start = line;
            while (true) {
                int c = read();
                if (c == -1) {
                    throw new MalformedCsvException(start, "a quoted cell is never closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after != '"') {
                        if (after != ',' && after != '\r' && after != '\n' && after != -1) {
                            throw new MalformedCsvException(line, "text after the closing quote of a cell");
                        }
                        return after;
                    }
                } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    line++;
                }
                cell.append((char) c);
            }
        }

        private void endOfLine(int c) {
            if (c == '\r') {
                int after = read();
                if (after != '\n') {
                    pushedBack = after;
                }
            }
            line++;
        }

        private int peek() {
            int c = read();
            pushedBack = c;
            return c;
        }

        private int read() {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            try {
                return in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
