package com.returnsorter.batch.run;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.storage.ObjectKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where things live in the returns bucket (DESIGN.md "The nightly flow"):
 * photos arrive in {@code incoming/} and end in {@code processed/<Category>/}, {@code review/<Category>/}
 * or {@code rejected/}, keeping any sub-folders they were uploaded in; reports go to
 * {@code reports/<runId>/}. The batch keeps its own bookkeeping under {@code state/}: run progress,
 * the run journal and per-photo claims.
 */
public final class Layout {

    public static final String INCOMING = "incoming/";
    public static final String PROCESSED = "processed/";
    public static final String REVIEW = "review/";
    public static final String REJECTED = "rejected/";
    public static final String REPORTS = "reports/";
    public static final String STATE = "state/";

    static final String RUNS = STATE + "runs/";
    static final String ACTIVE = STATE + "active/";
    static final String JOURNAL = STATE + "journal/";
    static final String CLAIMS = STATE + "claims/";
    static final String SHARDS = STATE + "shards/";

    private Layout() {
    }

    static String runStateKey(String runId) {
        return RUNS + runId + ".json";
    }

    /** The id of shard {@code seq} of a run: its state, journal and claims live under this id like a run's. */
    static String shardRunId(String runId, int seq) {
        return runId + "_s" + String.format(Locale.ROOT, "%06d", seq);
    }

    /** A sharded run's counter of journaled shards. */
    static String shardProgressKey(String runId) {
        return SHARDS + runId + ".json";
    }

    static String activeMarkerKey(String runId) {
        return ACTIVE + runId;
    }

    static String journalKey(String runId, int seq) {
        return JOURNAL + runId + "/" + String.format(Locale.ROOT, "%06d", seq) + ".json";
    }

    /** One claim per photo version: the SHA-256 of the key keeps any name safe, the generation tells versions apart. */
    static String claimKey(String sourceKey, long generation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sourceKey.getBytes(StandardCharsets.UTF_8));
            return CLAIMS + HexFormat.of().formatHex(hash, 0, 20) + "-" + Long.toUnsignedString(generation) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The photo's name below {@code incoming/}, sub-folders included. */
    static String relativeName(String incomingKey) {
        return incomingKey.startsWith(INCOMING) ? incomingKey.substring(INCOMING.length()) : ObjectKeys.fileName(incomingKey);
    }

    /** The folder a photo with this outcome belongs in. */
    static String folderFor(ItemStatus status, String category) {
        return switch (status) {
            case SORTED -> PROCESSED + categorySegment(category) + "/";
            case REVIEW -> REVIEW + categorySegment(category) + "/";
            case REJECTED -> REJECTED;
            case ERROR -> INCOMING;
        };
    }

    /** A model label as one safe path segment ({@link BucketLayout#categorySegment}, shared with the workspace). */
    public static String categorySegment(String category) {
        return BucketLayout.categorySegment(category);
    }
}
