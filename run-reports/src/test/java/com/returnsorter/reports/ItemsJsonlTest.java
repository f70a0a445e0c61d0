package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemsJsonlTest {

    private static final JsonMapper json = io.micronaut.serde.ObjectMapper.getDefault();

    @Test
    void aNightOfAwkwardRecordsComesBackAsItWasWrittenOneLineEach() throws Exception {
        List<ItemResult> night = new ArrayList<>(SampleRuns.night(300, 7));
        Map<String, Double> topK = new LinkedHashMap<>();
        topK.put("T-shirt/top", 0.61);
        topK.put("Shirt, \"formal\"", 0.2);
        night.add(new ItemResult("incoming/sub dir/a,b \"c\"\n.jpg", "a,b \"c\"\n.jpg", "T-shirt/top", 0.61,
                ItemStatus.REVIEW, Instant.parse("2024-05-14T02:01:00Z"), "review/T-shirt_top/a,b \"c\"\n~1.jpg", null,
                null, topK));
        night.add(new ItemResult("incoming/写真/👗.webp", "👗.webp", null, null, ItemStatus.REJECTED,
                Instant.parse("2024-05-14T02:02:00Z"), "rejected/👗.webp", "corrupt", "line one\nline two\r\n", null));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ItemsJsonl.Writer writer = ItemsJsonl.writer(out, json)) {
            night.forEach(writer::write);
        }
        List<ItemResult> read = new ArrayList<>();
        ItemsJsonl.reader(new ByteArrayInputStream(out.toByteArray()), json).forEachRemaining(read::add);

        assertThat(read).isEqualTo(night);
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n", -1)).hasSize(night.size() + 1);
        assertThat(read.get(read.size() - 2).topK().keySet()).containsExactly("T-shirt/top", "Shirt, \"formal\"");
    }

    @Test
    void blankLinesAreSkippedAndABadLineIsNamed() {
        String lines = "\n" + line("incoming/a.jpg") + "\n\n" + line("incoming/b.jpg") + "\n{\"object\": 1\n";
        Iterator<ItemResult> items = ItemsJsonl.reader(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), json);

        assertThat(items.next().object()).isEqualTo("incoming/a.jpg");
        assertThat(items.next().object()).isEqualTo("incoming/b.jpg");
        assertThatThrownBy(items::hasNext).isInstanceOf(ItemsJsonl.MalformedItemsException.class)
                .hasMessageStartingWith("line 5 ");
    }

    @Test
    void aLineLongerThanAnyRecordIsRefusedWithoutReadingItWhole() {
        byte[] endless = new byte[ItemsJsonl.MAX_LINE_BYTES * 2];
        java.util.Arrays.fill(endless, (byte) 'x');

        assertThatThrownBy(() -> ItemsJsonl.reader(new ByteArrayInputStream(endless), json).hasNext())
                .isInstanceOf(ItemsJsonl.MalformedItemsException.class).hasMessageContaining("longer than");
    }

    private static String line(String object) {
        return "{\"object\":\"" + object + "\",\"filename\":\"x.jpg\",\"status\":\"sorted\",\"timestamp\":\"2024-05-14T02:00:00Z\"}";
    }
}
