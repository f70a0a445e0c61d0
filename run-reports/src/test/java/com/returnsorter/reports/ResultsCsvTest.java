package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code results.csv} as people get it. The file is never parsed back by the system (machines read
 * {@code items.jsonl}); here an RFC 4180 parser stands in for a spreadsheet to check what it would show.
 */
class ResultsCsvTest {

    private static final Instant AT = Instant.parse("2024-05-14T02:00:03.123456789Z");

    @Test
    void startsWithTheHeaderInColumnOrderAndCrLf() throws IOException {
        String file = write(List.of(item("incoming/a.jpg", ItemStatus.SORTED)));

        assertThat(file).startsWith(ResultsCsv.HEADER + "\r\n").endsWith("\r\n");
        assertThat(ResultsCsv.HEADER.split(",")).containsExactlyElementsOf(ResultsCsv.COLUMNS);
    }

    @Test
    void anEmptyRunHasOnlyTheHeader() throws IOException {
        assertThat(write(List.of())).isEqualTo(ResultsCsv.HEADER + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b.jpg", "say \"cheese\".jpg", "two\nlines.jpg", "cr\r.jpg", "写真 👗.webp", "plain.jpg"})
    void aSpreadsheetShowsAwkwardNamesAsTheyAre(String name) throws IOException {
        CSVRecord row = parse(write(List.of(item("incoming/" + name, ItemStatus.SORTED)))).get(0);

        assertThat(row.get("filename")).isEqualTo(name);
        assertThat(row.get("object")).isEqualTo("incoming/" + name);
        assertThat(row.size()).isEqualTo(ResultsCsv.COLUMNS.size());
    }

    @Test
    void everyColumnOfARejectedAndOfAReviewedPhoto() throws IOException {
        Map<String, Double> topK = new LinkedHashMap<>();
        topK.put("T-shirt/top", 0.61234);
        topK.put("Shirt", 0.2);
        ItemResult review = new ItemResult("incoming/x.png", "x.png", "T-shirt/top", 0.61234, ItemStatus.REVIEW, AT,
                "review/T-shirt_top/x~1.png", null, null, topK);
        ItemResult rejected = new ItemResult("incoming/y.txt", "y.txt", null, null, ItemStatus.REJECTED, AT,
                "rejected/y.txt", "not-an-image", "no image format recognised: 3 bytes", null);

        List<CSVRecord> rows = parse(write(List.of(review, rejected)));

        assertThat(rows.get(0).toMap()).containsEntry("category", "T-shirt/top").containsEntry("confidence", "0.6123")
                .containsEntry("status", "review").containsEntry("timestamp", "2024-05-14T02:00:03.123456789Z")
                .containsEntry("destination", "review/T-shirt_top/x~1.png").containsEntry("error", "")
                .containsEntry("top_k", "T-shirt/top=0.6123; Shirt=0.2000");
        assertThat(rows.get(1).toMap()).containsEntry("category", "").containsEntry("confidence", "")
                .containsEntry("status", "rejected")
                .containsEntry("error", "not-an-image: no image format recognised: 3 bytes").containsEntry("top_k", "");
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasGetOneLeadingQuote() throws IOException {
        CSVRecord row = parse(write(List.of(item("incoming/=HYPERLINK(\"x\").jpg", ItemStatus.SORTED),
                item("incoming/-1.jpg", ItemStatus.SORTED), item("incoming/'=x.jpg", ItemStatus.SORTED)))).get(0);

        assertThat(row.get("filename")).isEqualTo("'=HYPERLINK(\"x\").jpg");
        assertThat(row.get("object")).as("starts with 'incoming/', no formula").isEqualTo("incoming/=HYPERLINK(\"x\").jpg");
        List<CSVRecord> rows = parse(write(List.of(item("incoming/-1.jpg", ItemStatus.SORTED),
                item("incoming/'=x.jpg", ItemStatus.SORTED))));
        assertThat(rows.get(0).get("filename")).isEqualTo("'-1.jpg");
        assertThat(rows.get(1).get("filename")).isEqualTo("''=x.jpg");
    }

    @Test
    void writesConfidenceWithADecimalPointWhateverTheDefaultLocale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            ItemResult item = new ItemResult("incoming/a.jpg", "a.jpg", "Shirt", 0.5, ItemStatus.REVIEW, AT,
                    "review/Shirt/a.jpg", null, null, Map.of("Shirt", 0.5));
            assertThat(parse(write(List.of(item))).get(0).get("confidence")).isEqualTo("0.5000");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void writesUtf8WithoutAByteOrderMark() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultsCsv.RowWriter rows = ResultsCsv.writer(out)) {
            rows.write(item("incoming/ü.jpg", ItemStatus.SORTED));
            assertThat(rows.rows()).isEqualTo(1);
        }
        byte[] bytes = out.toByteArray();

        assertThat(bytes[0]).isEqualTo((byte) 'f');
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("ü.jpg");
    }

    @Test
    void saysWhyAPhotoWentToReviewInTheLastColumn() throws IOException {
        ItemResult unsure = new ItemResult("incoming/b.jpg", "b.jpg", "Coat", 0.97, ItemStatus.REVIEW, AT,
                "review/Coat/b.jpg", null, null, Map.of("Coat", 0.97), "several-objects");

        List<CSVRecord> rows = parse(write(List.of(unsure, item("incoming/a.jpg", ItemStatus.SORTED))));

        assertThat(rows.get(0).get("review_reason")).isEqualTo("several-objects");
        assertThat(rows.get(1).get("review_reason")).isEmpty();
    }

    private static ItemResult item(String object, ItemStatus status) {
        return new ItemResult(object, ItemResult.filenameOf(object), "Shirt", 0.9, status, AT,
                "processed/Shirt/" + ItemResult.filenameOf(object), null, null, Map.of("Shirt", 0.9));
    }

    private static String write(List<ItemResult> items) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultsCsv.RowWriter rows = ResultsCsv.writer(out)) {
            for (ItemResult item : items) {
                rows.write(item);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> parse(String file) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(file))) {
            return parser.getRecords();
        }
    }
}
