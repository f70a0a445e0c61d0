package com.returnsorter.report.upload;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.inference.ImageFormat;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.WriteMode;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * Puts a photo from the photo station into {@code incoming/} under the name it came with. A name
 * already taken gets a suffix ({@code a~1.jpg}, {@code a~2.jpg}, …): every write is the store's
 * create-if-absent ({@link WriteMode#CREATE_NEW}, {@code ifGenerationMatch=0} on Cloud Storage), so two
 * uploads of one name at once both land and nothing is ever overwritten.
 *
 * <p>The bytes decide what a file is, not its name or content type: HEIC/HEIF (an {@code ftyp}
 * box with a {@code heic}, {@code heix}, {@code mif1}, … brand) is refused with how to set the iPhone
 * camera to "Most Compatible"; anything that is no image the nightly sort could read is refused too.
 */
@Singleton
public class Uploads {

    /** What a HEIC refusal says. */
    public static final String HEIC_HELP = "this is a HEIC photo (the iPhone's \"High Efficiency\" format), which the"
            + " sorter cannot read. On the iPhone open Settings > Camera > Formats and choose \"Most Compatible\";"
            + " new photos are then JPEG. Take this photo again, or export it as JPEG, and upload that.";
    static final int MAX_SUFFIX = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final ObjectStore store;
    private final WorkspaceConfiguration configuration;

    public Uploads(ObjectStore store, WorkspaceConfiguration configuration) {
        this.store = store;
        this.configuration = configuration;
    }

    public Uploaded store(@Nullable String fileName, byte[] bytes, @Nullable String contentType) {
        String name = safeName(fileName);
        if (bytes.length == 0) {
            throw new ApiException(400, "empty-file", name + " is empty");
        }
        if (bytes.length > configuration.maxUploadBytes()) {
            throw new ApiException(413, "file-too-large", name + " has " + bytes.length + " bytes; the limit is "
                    + configuration.maxUploadBytes());
        }
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isPresent() && format.get() == ImageFormat.HEIF) {
            throw new ApiException(415, "heic-not-supported", name + ": " + HEIC_HELP);
        }
        if (format.isEmpty() || !format.get().isSupported()) {
            throw new ApiException(415, "not-a-supported-image", name + " is not a photo the sorter can read"
                    + format.map(f -> " (" + f.formatName().toUpperCase(Locale.ROOT) + ")").orElse("")
                    + "; upload JPEG, PNG or WebP");
        }
        String type = contentType == null || contentType.isBlank() ? "image/" + format.get().formatName() : contentType;
        String wanted = BucketLayout.INCOMING + name;
        return Workspace.guarded(() -> {
            for (int n = 0; n <= MAX_SUFFIX; n++) {
                String candidate = n == 0 ? wanted : ObjectKeys.withSuffix(wanted, n);
                try {
                    ObjectInfo written = store.write(candidate, bytes, type, WriteMode.CREATE_NEW);
                    if (n > 0) {
                        LOG.info("{} was taken; stored the upload as {}", ObjectKeys.escape(wanted),
                                ObjectKeys.escape(candidate));
                    }
                    return new Uploaded(fileName == null ? name : fileName, written.key(), n > 0, written.size(), null);
                } catch (ObjectAlreadyExistsException taken) {
                    // next suffix
                }
            }
            throw new ApiException(409, "no-free-name", "incoming/ already holds " + name + " and "
                    + MAX_SUFFIX + " suffixed copies; rename the file");
        });
    }

    /** The file name without any folder part the browser sent, checked as one key segment. */
    static String safeName(@Nullable String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new ApiException(400, "missing-file-name", "each file needs a name");
        }
        // One spelling per name: macOS browsers send decomposed (NFD) names, others composed (NFC); two photos
        // whose names look alike are then a clash (suffixed), not two objects a clerk cannot tell apart.
        String name = java.text.Normalizer.normalize(fileName, java.text.Normalizer.Form.NFC).replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        String problem = name.isEmpty() ? "is empty" : ObjectKeys.problem(BucketLayout.INCOMING + name, false);
        if (problem != null || name.startsWith(".")) {
            throw new ApiException(400, "invalid-file-name", "the file name " + ObjectKeys.escape(fileName)
                    + " cannot be stored" + (problem == null ? " (it starts with '.')" : ": it " + problem));
        }
        return name;
    }
}
