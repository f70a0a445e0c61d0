package com.returnsorter.batch;

import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.FaultyObjectStore;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunSummary;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A night with 10,000 photos: the run pages through {@code incoming/} a chunk at a time (never
 * holding more than one page), journals every chunk, and every photo ends up in one place.
 */
class TenThousandPhotosTest {

    private static final int PHOTOS = 10_000;
    private static final int CHUNK = 100;

    private final Bucket bucket = Bucket.shared();
    private BatchService batch;

    @BeforeEach
    void start() {
        bucket.wipe();
        // One piece: ShardedRunTest covers the split into shards.
        batch = BatchService.start(Map.of("test.faulty-store", "true", "batch.chunk-size", String.valueOf(CHUNK),
                "batch.shard-size", String.valueOf(PHOTOS)));
    }

    @AfterEach
    void stop() {
        batch.close();
    }

    @Test
    void sortsTenThousandPhotosPageByPage() throws IOException {
        byte[] photo = smallPhoto();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < PHOTOS; i++) {
            String name = String.format(Locale.ROOT, "return_%05d.png", i);
            bucket.put("incoming/" + name, photo);
            names.add(name);
        }
        Instant published = Instant.now();
        String runId = RunIds.of(published, "ten-thousand");

        assertThat(batch.push(BatchTrigger.scheduled(published), "ten-thousand", published)).isEqualTo(200);

        FaultyObjectStore store = (FaultyObjectStore) batch.store();
        assertThat(store.largestIncomingPage()).isLessThanOrEqualTo(1000); // the counting pass pages by 1000
        assertThat(store.incomingListCalls()).isGreaterThanOrEqualTo(PHOTOS / CHUNK);
        assertThat(bucket.keys("state/journal/" + runId + "/")).hasSize(PHOTOS / CHUNK);
        assertThat(bucket.keys("state/claims/")).isEmpty();
        RunSummary summary = bucket.summary(runId, batch.context().getBean(JsonMapper.class));
        assertThat(summary.totalProcessed()).isEqualTo(PHOTOS);
        assertThat(summary.successful()).isEqualTo(PHOTOS);
        bucket.assertEveryPhotoInExactlyOnePlace(names);
        bucket.assertResultsAgreeWithBucket(runId, batch.context().getBean(JsonMapper.class));
    }

    /** A 48×48 dark shoe-like shape on white: decodes and classifies in well under a millisecond. */
    private static byte[] smallPhoto() throws IOException {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 48, 48);
        g.setColor(new Color(40, 40, 40));
        g.fillRoundRect(6, 20, 36, 16, 8, 8);
        g.fillRect(8, 10, 12, 14);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
