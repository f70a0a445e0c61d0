package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsCsvTest {

    private static final Instant AT = Instant.parse("2024-05-14T02:03:04.123456789Z");

    @Test
    void startsWithTheHeaderInColumnOrderAndCrLf() throws IOException {
        StringWriter out = new StringWriter();
        try (ResultsCsv.RowWriter writer = ResultsCsv.writer(out)) {
            writer.write(sorted("incoming/a.jpg", 0.9));
        }

        assertThat(out.toString()).startsWith(
                "filename,category,confidence,status,timestamp,destination,error,object,top_k,review_reason\r\n");
        assertThat(out.toString().split("\r\n", -1)).hasSize(3).endsWith("");
        assertThat(String.join(",", ResultsCsv.COLUMNS)).isEqualTo(ResultsCsv.HEADER);
    }

    @Test
    void anEmptyRunStillHasTheHeaderAndReadsBackAsNoRows() throws IOException {
        StringWriter out = new StringWriter();
        ResultsCsv.writer(out).close();

        assertThat(out.toString()).isEqualTo(ResultsCsv.HEADER + "\r\n");
        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(out.toString()))) {
            assertThat(rows).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a b.jpg", "Jäckchen – größe M 😀.jpg", "comma,name.jpg", "say \"cheese\".jpg", "two\nlines.jpg",
            "cr\r\nlf.png", "#1?.jpg", "=HYPERLINK(\"x\").jpg", "+1.jpg", "-dash.jpg", "@at.jpg", "\ttab.jpg",
            "'=already quoted.jpg", "'plain apostrophe.jpg", "'", "''", "semi;colon.jpg", " leading space.jpg "})
    void roundTripsAwkwardFileNames(String name) throws IOException {
        ItemResult item = new ItemResult("incoming/sub dir/" + name, name, "T-shirt/top", 0.8125, ItemStatus.SORTED, AT,
                "processed/T-shirt/top/" + name, null, null, null);

        assertThat(roundTrip(item)).containsExactly(item);
    }

    @Test
    void roundTripsEveryStatusWithReasonAndMessage() throws IOException {
        List<ItemResult> items = List.of(
                sorted("incoming/a.jpg", 0.97),
                new ItemResult("incoming/b.png", "b.png", "Shirt", 0.4321, ItemStatus.REVIEW, AT, "review/Shirt/b~1.png",
                        null, null, null),
                new ItemResult("incoming/y.txt", "y.txt", null, null, ItemStatus.REJECTED, AT, "rejected/y.txt",
                        "not-an-image", "cannot decode: neither JPEG, PNG, WebP, BMP nor TIFF", null),
                new ItemResult("incoming/c.jpg", "c.jpg", null, null, ItemStatus.ERROR, AT, "incoming/c.jpg",
                        "timeout", null, null));

        assertThat(roundTrip(items.toArray(ItemResult[]::new))).containsExactlyElementsOf(items);
    }

    @Test
    void roundsConfidenceAndTopKProbabilitiesToFourDecimals() throws IOException {
        ItemResult item = new ItemResult("incoming/a.jpg", "a.jpg", "Coat", 0.123456, ItemStatus.REVIEW, AT,
                "review/Coat/a.jpg", null, null, ordered("Coat", 0.123456, "Shirt", 0.1, "Bag", 0.00004));

        ItemResult read = roundTrip(item).get(0);

        assertThat(read.confidence()).isEqualTo(0.1235);
        assertThat(read.topK()).containsExactly(Map.entry("Coat", 0.1235), Map.entry("Shirt", 0.1), Map.entry("Bag", 0.0));
        assertThat(read).usingRecursiveComparison().ignoringFields("confidence", "topK").isEqualTo(item);
    }

    @Test
    void writesTopKLastAsLabelEqualsProbabilityJoinedBySemicolonSpace() throws IOException {
        ItemResult item = new ItemResult("incoming/a.jpg", "a.jpg", "Shirt", 0.612, ItemStatus.REVIEW, AT,
                "review/Shirt/a.jpg", null, null, ordered("Shirt", 0.612, "T-shirt/top", 0.22, "Pullover", 0.09),
                ItemResult.LOW_CONFIDENCE);

        String row = csvOf(item).split("\r\n")[1];

        // top_k after the seed columns, then the review reason (the last column, added with issue 13).
        assertThat(row).isEqualTo("a.jpg,Shirt,0.6120,review,2024-05-14T02:03:04.123456789Z,review/Shirt/a.jpg,,"
                + "incoming/a.jpg,Shirt=0.6120; T-shirt/top=0.2200; Pullover=0.0900,low-confidence");
        assertThat(ResultsCsv.COLUMNS).endsWith("object", "top_k", "review_reason");
    }

    @Test
    void topKPreservesTheMapOrderEvenWhenItIsNotHighestFirst() throws IOException {
        Map<String, Double> topK = ordered("Ankle boot", 0.01, "Bag", 0.5, "Coat", 0.2, "Dress", 0.2, "Sandal", 0.09);

        ItemResult read = roundTrip(classified(topK)).get(0);

        assertThat(read.topK()).isInstanceOf(LinkedHashMap.class);
        assertThat(read.topK().keySet()).containsExactly("Ankle boot", "Bag", "Coat", "Dress", "Sandal");
        assertThat(read.topK()).isEqualTo(topK);
    }

    @Test
    void roundTripsTopKWithHostileLabels() throws IOException {
        List<String> labels = List.of("a=b", "semi;colon", "back\\slash", "\\", "\\=", "\\;", "=", ";", "; ", "=0.5; x",
                "say \"cheese\"", "comma, here", "two\nlines", "cr\r\nlf", "Jäckchen – größe 😀", "=HYPERLINK(\"x\")",
                "+1", "-dash", "@at", "\ttab", "'=quoted", "'", " leading and trailing ", "", "T-shirt/top");
        for (String label : labels) {
            for (Map<String, Double> topK : List.of(ordered(label, 0.5), ordered("Coat", 0.4, label, 0.3, "Bag=;\\", 0.2))) {
                ItemResult item = classified(topK);

                assertThat(roundTrip(item)).as("label [%s] in %s", label, topK).containsExactly(item);
            }
        }
    }

    @Test
    void escapesBackslashEqualsAndSemicolonInLabelsAndGuardsTheCell() {
        assertThat(ResultsCsv.topKCell(ordered("a=b;c\\d", 0.25, "x/y z", 0.125))).isEqualTo("a\\=b\\;c\\\\d=0.2500; x/y z=0.1250");
        assertThat(ResultsCsv.topKCell(ordered("=1+1", 0.5))).isEqualTo("\\=1+1=0.5000");
        assertThat(ResultsCsv.cellOf(ResultsCsv.topKCell(ordered("-1", 0.5)))).isEqualTo("'-1=0.5000");
        assertThat(ResultsCsv.cellOf(ResultsCsv.topKCell(ordered("a,\"b\"", 0.5)))).isEqualTo("\"a,\"\"b\"\"=0.5000\"");
        assertThat(ResultsCsv.topKCell(null)).isEmpty();
        assertThat(ResultsCsv.topKCell(Map.of())).isEmpty();
    }

    @Test
    void aNullProbabilityIsAnEmptyNumberAndANullLabelAnEmptyLabel() throws IOException {
        Map<String, Double> topK = ordered("Coat", null, null, 0.25);

        assertThat(ResultsCsv.topKCell(topK)).isEqualTo("Coat=; =0.2500");
        Map<String, Double> read = roundTrip(classified(topK)).get(0).topK();
        assertThat(read.keySet()).containsExactly("Coat", "");
        assertThat(read.get("Coat")).isNull();
        assertThat(read.get("")).isEqualTo(0.25);
    }

    @Test
    void nullOrEmptyTopKIsAnEmptyCellAndReadsBackAsNull() throws IOException {
        ItemResult none = classified(null);
        ItemResult empty = classified(new LinkedHashMap<>());

        assertThat(csvOf(none).split("\r\n")[1]).endsWith(",incoming/a.jpg,,");
        assertThat(csvOf(empty).split("\r\n")[1]).endsWith(",incoming/a.jpg,,");
        assertThat(roundTrip(none, empty)).extracting(ItemResult::topK).containsExactly(null, null);
    }

    @Test
    void readsAnOldEightColumnFileWithoutTopK() {
        String csv = "filename,category,confidence,status,timestamp,destination,error,object\r\n"
                + "a.jpg,Coat,0.9100,sorted,2024-05-14T02:03:04Z,processed/Coat/a.jpg,,incoming/a.jpg\r\n"
                + "y.txt,,,rejected,2024-05-14T02:03:05Z,rejected/y.txt,not-an-image: cannot decode,incoming/y.txt\r\n";

        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(csv))) {
            assertThat(rows).containsExactly(
                    new ItemResult("incoming/a.jpg", "a.jpg", "Coat", 0.91, ItemStatus.SORTED,
                            Instant.parse("2024-05-14T02:03:04Z"), "processed/Coat/a.jpg", null, null, null),
                    new ItemResult("incoming/y.txt", "y.txt", null, null, ItemStatus.REJECTED,
                            Instant.parse("2024-05-14T02:03:05Z"), "rejected/y.txt", "not-an-image", "cannot decode", null));
        }
    }

    @Test
    void namesTheLineOfAMalformedTopKCell() {
        String good = "\"two\nlines.jpg\",Coat,0.9100,sorted,2024-05-14T02:03:04Z,processed/Coat/x.jpg,,incoming/x.jpg,"
                + "\"Coat=0.9100; T-shirt\\=\ntop=0.0900\"\r\n";
        String row = "a.jpg,Coat,0.9,sorted,2024-05-14T02:03:04Z,d,,o,";

        assertMalformed(good + row + "Coat\r\n", 5, "top_k: entry 'Coat' has no '='");
        assertMalformed(good + row + "Coat; Shirt=0.1\r\n", 5, "top_k: entry 'Coat' has no '='");
        assertMalformed(good + row + "Coat=high\r\n", 5, "top_k: probability 'high' of 'Coat' is not a number");
        assertMalformed(good + row + "Coat=0.9;Shirt=0.1\r\n", 5, "top_k: entries are not separated by '; '");
        assertMalformed(good + row + "Coat=0.9; \r\n", 5, "top_k: entry '' has no '='");
        assertMalformed(good + row + "C\\oat=0.9\r\n", 5, "top_k: unknown escape '\\o' in a label");
        assertMalformed(good + row + "Coat\\\r\n", 5, "top_k: a backslash at the end of the cell");
        assertMalformed(good + row + "a=b=0.5\r\n", 5, "top_k: probability 'b=0.5' of 'a' is not a number");
    }

    @Test
    void writesConfidenceWithADecimalPointWhateverTheDefaultLocale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(csvOf(sorted("incoming/a.jpg", 0.5))).contains(",0.5000,sorted,");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void writesTheErrorCellAsReasonColonMessageAndSplitsItAtTheFirstSeparator() throws IOException {
        ItemResult item = new ItemResult("incoming/x.jpg", "x.jpg", null, null, ItemStatus.ERROR, AT, "incoming/x.jpg",
                "predict-unavailable", "POST /predict: 503: model not loaded", null);

        assertThat(csvOf(item)).contains(",predict-unavailable: POST /predict: 503: model not loaded,");
        assertThat(roundTrip(item)).containsExactly(item);
    }

    @Test
    void quotesPerRfc4180AndGuardsFormulaCells() throws IOException {
        ItemResult item = new ItemResult("incoming/=cmd|' /C calc'!A0.jpg", "=cmd|' /C calc'!A0.jpg", "a,b", 0.75,
                ItemStatus.SORTED, AT, "processed/a,b/\"q\".jpg", null, null, null);

        String row = csvOf(item).split("\r\n")[1];

        assertThat(row).isEqualTo("'=cmd|' /C calc'!A0.jpg,\"a,b\",0.7500,sorted,2024-05-14T02:03:04.123456789Z,"
                + "\"processed/a,b/\"\"q\"\".jpg\",,incoming/=cmd|' /C calc'!A0.jpg,,");
    }

    @Test
    void writesUtf8WithoutAByteOrderMark() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ResultsCsv.RowWriter writer = ResultsCsv.writer(bytes)) {
            writer.write(sorted("incoming/größe.jpg", 0.9));
        }

        assertThat(bytes.toByteArray()).startsWith("filename,".getBytes(StandardCharsets.US_ASCII));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("größe.jpg");
        try (Stream<ItemResult> rows = ResultsCsv.read(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(rows).extracting(ItemResult::filename).containsExactly("größe.jpg");
        }
    }

    @Test
    void readsAFileASpreadsheetSavedWithAByteOrderMarkLfLineEndsAndABlankLastLine() {
        String csv = "\uFEFF" + ResultsCsv.HEADER + "\n"
                + "a.jpg,Coat,0.9100,sorted,2024-05-14T02:03:04Z,processed/Coat/a.jpg,,incoming/a.jpg,Coat=0.9100,\n\n";

        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(csv))) {
            assertThat(rows).extracting(ItemResult::object, ItemResult::topK)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("incoming/a.jpg", Map.of("Coat", 0.91)));
        }
    }

    @Test
    void findsColumnsByHeaderNameAndIgnoresExtraOnes() {
        String csv = "object,status,timestamp,note,filename,category,confidence,destination,error\r\n"
                + "incoming/a.jpg,review,2024-05-14T02:03:04Z,hello,a.jpg,Coat,0.5000,review/Coat/a.jpg,\r\n";

        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(csv))) {
            assertThat(rows).containsExactly(new ItemResult("incoming/a.jpg", "a.jpg", "Coat", 0.5, ItemStatus.REVIEW,
                    Instant.parse("2024-05-14T02:03:04Z"), "review/Coat/a.jpg", null, null, null));
        }
    }

    @Test
    void writerStreamsTenThousandRowsToItsSinkAsItGoes() throws IOException {
        CountingWriter sink = new CountingWriter();
        try (ResultsCsv.RowWriter writer = ResultsCsv.writer(sink)) {
            for (int i = 0; i < 10_000; i++) {
                writer.write(sorted("incoming/IMG_" + i + ".jpg", 0.9));
                if (i == 4_999) {
                    // Half-way, the first half has already reached the sink: nothing is collected for close().
                    assertThat(sink.lines).isEqualTo(5_001);
                }
            }
            assertThat(writer.rows()).isEqualTo(10_000);
        }
        assertThat(sink.lines).isEqualTo(10_001);
        assertThat(sink.closed).isTrue();
    }

    @Test
    void readerStreamsTenThousandRowsWithoutReadingAhead() {
        GeneratedCsv source = new GeneratedCsv(10_000);
        try (Stream<ItemResult> rows = ResultsCsv.read(source)) {
            Iterator<ItemResult> iterator = rows.iterator();

            assertThat(iterator.next().filename()).isEqualTo("IMG_0.jpg");
            // The parser reads through a small buffer: only a sliver of the ~1 MB file has been generated.
            assertThat(source.rowsGenerated).isLessThan(500);

            int count = 1;
            ItemResult last = null;
            while (iterator.hasNext()) {
                last = iterator.next();
                count++;
            }
            assertThat(count).isEqualTo(10_000);
            assertThat(last.object()).isEqualTo("incoming/dir, with comma/IMG_9999.jpg");
        }
        assertThat(source.closed).isTrue();
    }

    @Test
    void rejectsAFileWithoutTheHeader() {
        assertThatThrownBy(() -> ResultsCsv.read(new StringReader("filename,category,confidence\r\n")))
                .isInstanceOf(ResultsCsv.MalformedCsvException.class)
                .hasMessage("results.csv line 1: no column 'status' in the header; expected " + ResultsCsv.HEADER);
        assertThatThrownBy(() -> ResultsCsv.read(new StringReader("")))
                .isInstanceOf(ResultsCsv.MalformedCsvException.class)
                .hasMessageStartingWith("results.csv line 1: empty file");
    }

    @Test
    void namesTheLineOfAMalformedRowCountingLineBreaksInsideQuotes() {
        String good = "\"two\nlines.jpg\",Coat,0.9100,sorted,2024-05-14T02:03:04Z,processed/Coat/x.jpg,,incoming/x.jpg,\r\n";

        assertMalformed(good + "a.jpg,Coat,0.9,sorted,2024-05-14T02:03:04Z\r\n", 4, "5 cells where the header has 9");
        assertMalformed(good + "a.jpg,Coat,0.9,sorted,2024-05-14T02:03:04Z,d,,o\r\n", 4, "8 cells where the header has 9");
        assertMalformed(good + "a.jpg,Coat,0.9,done,2024-05-14T02:03:04Z,d,,o,\r\n", 4, "unknown status 'done'");
        assertMalformed(good + "a.jpg,Coat,high,sorted,2024-05-14T02:03:04Z,d,,o,\r\n", 4, "confidence 'high' is not a number");
        assertMalformed(good + "a.jpg,Coat,0.9,sorted,yesterday,d,,o,\r\n", 4, "timestamp 'yesterday' is not an ISO-8601 instant");
        assertMalformed(good + "a\"b.jpg,Coat,0.9,sorted,2024-05-14T02:03:04Z,d,,o,\r\n", 4,
                "a double quote inside an unquoted cell");
        assertMalformed(good + "\"a.jpg\"x,Coat,0.9,sorted,2024-05-14T02:03:04Z,d,,o,\r\n", 4,
                "text after the closing quote of a cell");
        assertMalformed(good + "\"a.jpg,Coat,0.9,sorted,2024-05-14T02:03:04Z,d,,o,\r\nb.jpg\r\n", 4,
                "a quoted cell is never closed");
    }

    @Test
    void roundTripsItemResultAsJsonWithTopK() throws IOException {
        io.micronaut.serde.ObjectMapper json = io.micronaut.serde.ObjectMapper.getDefault();
        ItemResult item = new ItemResult("incoming/b.png", "b.png", "Shirt", 0.43, ItemStatus.REVIEW, AT,
                "review/Shirt/b.png", null, null, Map.of("Shirt", 0.43));

        String text = json.writeValueAsString(item);

        assertThat(text).contains("\"topK\":{\"Shirt\":0.43}", "\"timestamp\":\"2024-05-14T02:03:04.123456789Z\"");
        assertThat(json.readValue(text, ItemResult.class)).isEqualTo(item);
    }

    /** The header of files written before the review_reason column, which still read: the rows below are in that shape. */
    private static final String NINE_COLUMN_HEADER = "filename,category,confidence,status,timestamp,destination,error,object,top_k";

    @Test
    void roundTripsTheReviewReasonAndReadsFilesWithoutIt() throws IOException {
        ItemResult unsure = new ItemResult("incoming/b.jpg", "b.jpg", "Bag", 0.93, ItemStatus.REVIEW, AT,
                "review/Bag/b.jpg", null, null, Map.of("Bag", 0.93), "several-objects");

        assertThat(roundTrip(unsure, sorted("incoming/a.jpg", 0.9))).extracting(ItemResult::reviewReason)
                .containsExactly("several-objects", null);
        String old = NINE_COLUMN_HEADER + "\r\n" + "a.jpg,Coat,0.6,review,2024-05-14T02:03:04Z,review/Coat/a.jpg,,incoming/a.jpg,\r\n";
        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(old))) {
            assertThat(rows).extracting(ItemResult::reviewReason).containsExactly((String) null);
        }
    }

    private static void assertMalformed(String body, int line, String problem) {
        assertThatThrownBy(() -> {
            try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(NINE_COLUMN_HEADER + "\r\n" + body))) {
                rows.forEach(row -> { });
            }
        }).isInstanceOfSatisfying(ResultsCsv.MalformedCsvException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e).hasMessage("results.csv line " + line + ": " + problem);
        });
    }

    private static ItemResult sorted(String object, double confidence) {
        String name = ItemResult.filenameOf(object);
        return new ItemResult(object, name, "Coat", confidence, ItemStatus.SORTED, AT, "processed/Coat/" + name,
                null, null, null);
    }

    private static ItemResult classified(Map<String, Double> topK) {
        return new ItemResult("incoming/a.jpg", "a.jpg", "Coat", 0.5, ItemStatus.REVIEW, AT, "review/Coat/a.jpg",
                null, null, topK);
    }

    /** A map in the order given: label, probability, label, probability, … */
    private static Map<String, Double> ordered(Object... labelsAndProbabilities) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndProbabilities.length; i += 2) {
            map.put((String) labelsAndProbabilities[i], (Double) labelsAndProbabilities[i + 1]);
        }
        return map;
    }

    private static String csvOf(ItemResult... items) throws IOException {
        StringWriter out = new StringWriter();
        try (ResultsCsv.RowWriter writer = ResultsCsv.writer(out)) {
            for (ItemResult item : items) {
                writer.write(item);
            }
        }
        return out.toString();
    }

    private static List<ItemResult> roundTrip(ItemResult... items) throws IOException {
        try (Stream<ItemResult> rows = ResultsCsv.read(new StringReader(csvOf(items)))) {
            return rows.toList();
        }
    }

    /** Counts the CRLF line ends that reach it; keeps nothing. */
    private static final class CountingWriter extends Writer {
        int lines;
        boolean closed;
        private char previous;

        @Override
        public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (previous == '\r' && buffer[i] == '\n') {
                    lines++;
                }
                previous = buffer[i];
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A results.csv made up row by row as it is read, so nothing but the reader's own buffer holds it. */
    private static final class GeneratedCsv extends Reader {
        private final int rows;
        int rowsGenerated;
        boolean closed;
        private String pending = NINE_COLUMN_HEADER + "\r\n";
        private int position;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == pending.length()) {
                if (rowsGenerated == rows) {
                    return -1;
                }
                int i = rowsGenerated++;
                pending = "IMG_" + i + ".jpg,Coat,0.9100,sorted,2024-05-14T02:03:04Z,processed/Coat/IMG_" + i + ".jpg,,"
                        + "\"incoming/dir, with comma/IMG_" + i + ".jpg\",Coat=0.9100; Shirt=0.0500\r\n";
                position = 0;
            }
            int n = Math.min(length, pending.length() - position);
            pending.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
