package com.returnsorter.report.upload;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.SignUrlOption;
import com.returnsorter.events.BucketLayout;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.service.startup.InvalidConfigurationException;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.StorageConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * V4 signed URLs for putting one photo straight into {@code incoming/} of the bucket (upload mode
 * {@value UploadConfiguration#SIGNED_URL}). Each URL is for {@code PUT} of one object name, and its signature
 * covers the headers the browser must send:
 * <ul>
 *   <li>{@code x-goog-if-generation-match: 0}: create-if-absent; a name that is taken answers 412, and
 *       upload.js asks for the next suffix ({@code name~1.jpg}, …), so nothing is ever overwritten;</li>
 *   <li>{@code x-goog-content-length-range: 1,<max>}: Cloud Storage refuses a body outside it (400), so the
 *       size limit holds although the bytes never pass this service;</li>
 *   <li>{@code content-type}: the type the browser declared.</li>
 * </ul>
 * The name rules are those of {@link Uploads} (one segment, NFC); HEIC is refused up front by name and type.
 * A name already in {@code incoming/} is skipped before signing (a {@code stat} per candidate, at most
 * {@value #STATS_PER_REQUEST} a request), so a 412 only happens when another upload of that name won the race
 * meanwhile, and upload.js can retry after an error whose status the browser could not read (Cloud Storage has
 * been seen to answer errors without CORS headers) by asking again for the same suffix.
 * What only the bytes can tell (a HEIC named .jpg, a file that is no image) is left to the nightly run, which
 * moves such a photo to {@code rejected/} with its reason, as for any photo that arrives in {@code incoming/}.
 *
 * <p>The signature comes from the Cloud Storage client's credentials ({@code Storage.signUrl}): on Cloud Run
 * those are the service account's {@code ComputeEngineCredentials}, which sign through the IAM Credentials
 * API's {@code signBlob} (google-auth-library 1.39.1, {@code ComputeEngineCredentials.sign}); terraform grants
 * the report account {@code roles/iam.serviceAccountTokenCreator} on itself for that.
 */
@Singleton
@Context
@Requires(property = "micronaut.application.name", value = "report-function")
public class SignedUploads {

    /** The types the upload page asks for; any other declared type is refused up front. */
    static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    /** What the browser sends when it does not know the type; the nightly run reads the bytes. */
    static final String UNKNOWN_TYPE = "application/octet-stream";
    private static final Set<String> HEIC_TYPES = Set.of("image/heic", "image/heif", "image/heic-sequence",
            "image/heif-sequence", "image/avif");
    private static final Set<String> HEIC_EXTENSIONS = Set.of(".heic", ".heif", ".hif", ".avif");
    /** Existence checks of candidate names in one request; beyond, a name is signed unchecked (the PUT is still create-if-absent). */
    static final int STATS_PER_REQUEST = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SignedUploads.class);

    private final UploadConfiguration upload;
    private final WorkspaceConfiguration workspace;
    private final BeanProvider<Storage> storage;
    private final ObjectStore store;
    private final String bucket;

    public SignedUploads(UploadConfiguration upload, WorkspaceConfiguration workspace, StorageConfiguration storage,
                         BeanProvider<Storage> client, ObjectStore store) {
        this.upload = upload;
        this.workspace = workspace;
        this.storage = client;
        this.store = store;
        if (!UploadConfiguration.SERVICE.equals(upload.mode()) && !upload.signedUrls()) {
            throw new InvalidConfigurationException("WORKSPACE_UPLOAD_MODE", "'" + upload.mode() + "' is neither "
                    + UploadConfiguration.SERVICE + " nor " + UploadConfiguration.SIGNED_URL);
        }
        if (upload.signedUrls() && !StorageConfiguration.KIND_GCS.equals(storage.kind())) {
            throw new InvalidConfigurationException("WORKSPACE_UPLOAD_MODE", UploadConfiguration.SIGNED_URL
                    + " needs the bucket (STORAGE_KIND=gcs); the local store takes uploads through the service");
        }
        URI host = URI.create(upload.bucketHost());
        if (host.getScheme() == null || host.getHost() == null) {
            throw new InvalidConfigurationException(UploadConfiguration.PREFIX + ".bucket-host",
                    "'" + upload.bucketHost() + "' is no http(s) URL");
        }
        this.bucket = upload.signedUrls() ? storage.bucket().trim() : null;
    }

    public boolean enabled() {
        return upload.signedUrls();
    }

    /** The origin upload.js PUTs to, for the page's {@code connect-src}. */
    public String origin() {
        URI host = URI.create(upload.bucketHost());
        return host.getScheme() + "://" + host.getRawAuthority();
    }

    /**
     * A signed URL for one file.
     *
     * @param fileName the name the browser has
     * @param type     the type the browser declared (may be empty)
     * @param size     the size the browser declared, when it did
     * @param suffix   0 for the name itself, n for {@code name~n} (after a 412 on n-1); names already taken from
     *                 there on are skipped
     * @param stats    existence checks this request may still make (shared by its files)
     * @throws ApiException 400/413/415 with a reason when the file is refused up front
     */
    public Signed sign(@Nullable String fileName, @Nullable String type, @Nullable Long size, int suffix,
                       java.util.concurrent.atomic.AtomicInteger stats) {
        String name = Uploads.safeName(fileName);
        String declared = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        String lower = name.toLowerCase(Locale.ROOT);
        if (HEIC_TYPES.contains(declared) || HEIC_EXTENSIONS.stream().anyMatch(lower::endsWith)) {
            throw new ApiException(415, "heic-not-supported", name + ": " + Uploads.HEIC_HELP);
        }
        if (!declared.isEmpty() && !TYPES.contains(declared) && !declared.equals(UNKNOWN_TYPE)) {
            throw new ApiException(415, "not-a-supported-image", name + " is " + declared
                    + ", not a photo the sorter can read; upload JPEG, PNG or WebP");
        }
        if (size != null && size == 0) {
            throw new ApiException(400, "empty-file", name + " is empty");
        }
        if (size != null && (size < 0 || size > workspace.maxUploadBytes())) {
            throw new ApiException(413, "file-too-large", name + " has " + size + " bytes; the limit is "
                    + workspace.maxUploadBytes());
        }
        if (suffix < 0 || suffix > Uploads.MAX_SUFFIX) {
            throw new ApiException(409, "no-free-name", "incoming/ already holds " + name + " and "
                    + Uploads.MAX_SUFFIX + " suffixed copies; rename the file");
        }
        String wanted = BucketLayout.INCOMING + name;
        int n = suffix;
        while (n < Uploads.MAX_SUFFIX && stats.getAndDecrement() > 0 && taken(n == 0 ? wanted : ObjectKeys.withSuffix(wanted, n))) {
            n++;
        }
        String object = n == 0 ? wanted : ObjectKeys.withSuffix(wanted, n);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", declared.isEmpty() ? UNKNOWN_TYPE : declared);
        headers.put("x-goog-if-generation-match", "0");
        headers.put("x-goog-content-length-range", "1," + workspace.maxUploadBytes());
        long seconds = upload.signedUrlLifetime().toSeconds();
        URI url;
        try {
            url = storage.get().signUrl(BlobInfo.newBuilder(bucket, object).build(), seconds, TimeUnit.SECONDS,
                    SignUrlOption.withV4Signature(), SignUrlOption.httpMethod(HttpMethod.PUT),
                    SignUrlOption.withExtHeaders(headers), SignUrlOption.withHostName(upload.bucketHost()),
                    SignUrlOption.withPathStyle()).toURI();
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // On Cloud Run: the IAM Credentials API refused signBlob (no tokenCreator on itself) or did not answer.
            LOG.warn("could not sign an upload URL for {}: {}", ObjectKeys.escape(object), e.toString());
            throw new ApiException(503, "signing-unavailable", "the upload could not be prepared; try again in a minute");
        }
        return new Signed(fileName, object, n > 0, n, url.toString(), "PUT", headers, seconds);
    }

    /** Whether {@code key} exists now; an unanswered check counts as free (the PUT's precondition decides). */
    private boolean taken(String key) {
        try {
            return store.stat(key).isPresent();
        } catch (ObjectStoreException e) {
            LOG.debug("could not check {}: {}", ObjectKeys.escape(key), e.getMessage());
            return false;
        }
    }

    /**
     * A signed URL for one file.
     *
     * @param suffix           the suffix of {@code object} (0: the name itself); after a 412 ask for one more
     * @param headers          what the PUT must carry, exactly (the signature covers them)
     * @param expiresInSeconds how long the URL may be used from now
     */
    public record Signed(String file, String object, boolean renamed, int suffix, String url, String method,
                         Map<String, String> headers, long expiresInSeconds) {
    }
}
