package com.returnsorter.batch;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.FaultyObjectStore;
import com.returnsorter.batch.support.RoundRobinPush;
import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.PushEnvelope;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.testing.PubSubEmulator;
import com.returnsorter.testing.ReceivedMessage;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run too big for one push request, through the Pub/Sub emulator and three batch instances behind one
 * push endpoint (as Cloud Run's front end spreads a subscription's pushes): the trigger's delivery lists
 * {@code incoming/} and publishes one {@code batch-shard} message per shard, the instances work the shards,
 * and the shard whose count completes the run finishes it. One instance dies midway (its store refuses
 * every call from then on and it answers no more pushes); the others take its shards over once their
 * leases expire. Every photo ends in one place and once in {@code items.jsonl}, and
 * {@code batch-completed} is published once.
 */
class ShardedRunTest {

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator(BatchService.PROJECT);

    private static final int PHOTOS = 300;
    private static final int SHARD = 25;

    private final Bucket bucket = Bucket.shared();
    private final List<BatchService> instances = new ArrayList<>();
    private RoundRobinPush front;

    @BeforeEach
    void start() {
        bucket.wipe();
        PUBSUB.reset();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> properties = new HashMap<>(PUBSUB.micronautProperties());
            properties.put("messaging.kind", "pubsub");
            properties.put("test.faulty-store", "true");
            properties.put("batch.shard-size", String.valueOf(SHARD));
            properties.put("batch.chunk-size", "10");
            properties.put("batch.concurrency", "2");
            // A short lease, so a dead instance's shards are taken over within seconds.
            properties.put("batch.time-budget", "4s");
            properties.put("batch.lease-margin", "4s");
            instances.add(BatchService.start(properties));
        }
        front = new RoundRobinPush(instances.stream()
                .map(b -> new RoundRobinPush.Backend(b.url().resolve("/push"), () -> !store(b).crashed())).toList());
        PUBSUB.createTopic(Topics.BATCH_TRIGGER);
        PUBSUB.createTopic(Topics.BATCH_SHARD);
        PUBSUB.createTopic(Topics.BATCH_COMPLETED);
        PUBSUB.createPushSubscription(Topics.BATCH_TRIGGER, Topics.BATCH_TRIGGER, front.endpoint().toString(), 60);
        PUBSUB.createPushSubscription(Topics.BATCH_SHARD, Topics.BATCH_SHARD, front.endpoint().toString(), 60);
        PUBSUB.createPullSubscription("completed-test", Topics.BATCH_COMPLETED);
    }

    @AfterEach
    void stop() {
        PUBSUB.deleteSubscription(Topics.BATCH_TRIGGER);
        PUBSUB.deleteSubscription(Topics.BATCH_SHARD);
        instances.forEach(BatchService::close);
        front.close();
    }

    @Test
    void aBigRunIsShardedOverThreeInstancesAndFinishesOnceThoughOneDiesMidway() throws Exception {
        Set<String> names = putPhotos(PHOTOS);
        JsonMapper json = instances.get(0).context().getBean(JsonMapper.class);
        store(instances.get(1)).crashAfterMoves(30);

        PUBSUB.publish(Topics.BATCH_TRIGGER, json.writeValueAsBytes(BatchTrigger.scheduled(Instant.now())), Map.of());
        List<ReceivedMessage> completed = PUBSUB.pull("completed-test", 1, Duration.ofSeconds(240));

        assertThat(completed).as("batch-completed").hasSize(1);
        assertThat(store(instances.get(1)).crashed()).as("the second instance died midway").isTrue();
        RunSummary summary = json.readValue(completed.get(0).data(), RunSummary.class);
        String runId = summary.runId();
        assertThat(summary.totalProcessed()).isEqualTo(PHOTOS);
        assertThat(summary.successful()).isEqualTo(PHOTOS);
        bucket.assertEveryPhotoInExactlyOnePlace(names);
        bucket.assertResultsAgreeWithBucket(runId, json);
        List<ItemResult> items = bucket.results(runId);
        assertThat(items.stream().map(ItemResult::object).collect(Collectors.toSet()))
                .as("every photo once in items.jsonl").hasSize(PHOTOS)
                .isEqualTo(names.stream().map(n -> "incoming/" + n).collect(Collectors.toSet()));
        assertThat(bucket.keys("state/claims/")).as("claims left").isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(front.served(i)).as("pushes instance " + i + " answered").isPositive();
        }

        RunView view = instances.get(0).run(runId);
        assertThat(view.phase()).isEqualTo("finished");
        assertThat(view.progress().shards()).isEqualTo(PHOTOS / SHARD);
        assertThat(view.progress().shardsDone()).isEqualTo(PHOTOS / SHARD);
        assertThat(view.progress().moved()).isEqualTo(PHOTOS);

        // A journaled shard delivered again changes nothing: no photo, no journal chunk, no second event.
        Map<String, List<String>> before = bucket.whereIsEveryPhoto();
        List<String> journalBefore = journalKeys(runId);
        PushEnvelope again = PushEnvelope.of(BatchService.PROJECT, Topics.BATCH_SHARD,
                json.writeValueAsBytes(new BatchShard(runId, 3)), Map.of());
        assertThat(instances.get(2).post("/push", again)).isEqualTo(200);
        assertThat(bucket.whereIsEveryPhoto()).isEqualTo(before);
        assertThat(journalKeys(runId)).isEqualTo(journalBefore);
        assertThat(instances.get(2).run(runId).progress().shardsDone()).isEqualTo(PHOTOS / SHARD);
        assertThat(PUBSUB.pull("completed-test", 1, Duration.ofSeconds(3))).as("exactly one batch-completed").isEmpty();
    }

    private List<String> journalKeys(String runId) throws IOException {
        Path journal = bucket.root().resolve("state/journal");
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(Files::isRegularFile).map(p -> journal.relativize(p).toString())
                    .filter(p -> p.startsWith(runId)).sorted().toList();
        }
    }

    private static FaultyObjectStore store(BatchService instance) {
        return (FaultyObjectStore) instance.store();
    }

    private Set<String> putPhotos(int count) throws IOException {
        byte[] photo = smallPhoto();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "return_%05d.png", i);
            bucket.put("incoming/" + name, photo);
            names.add(name);
        }
        return names;
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
