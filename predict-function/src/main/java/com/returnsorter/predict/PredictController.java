package com.returnsorter.predict;

import com.returnsorter.service.access.Roles;
import io.micronaut.security.annotation.Secured;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Flux;

import java.io.IOException;

/**
 * {@code POST /predict} (multipart {@code file}, a raw image body, or JSON {@code {"object": key}})
 * and {@code POST /predict_batch} (multipart {@code files}). Decoding and inference block, so they
 * run on the fixed-size {@code inference} executor, never on the event loop: more threads than
 * cores only add memory and contention, and excess requests wait in its queue.
 */
@Secured(Roles.API)
@Controller
@ExecuteOn(PredictController.EXECUTOR)
public class PredictController {

    static final String EXECUTOR = "inference";

    private static final String RAW_IMAGE_TYPES_HINT = "image/jpeg, image/png, image/gif, image/bmp, image/webp, image/tiff";

    private final PredictionService predictions;
    private final PredictConfiguration configuration;

    public PredictController(PredictionService predictions, PredictConfiguration configuration) {
        this.predictions = predictions;
        this.configuration = configuration;
    }

    @Post(uri = "/predict", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    public PredictionResponse predictUpload(@Nullable @Part("file") CompletedFileUpload file) {
        if (file == null) {
            throw new ApiException(400, "no-file", "no 'file' part: send the photo as multipart/form-data field 'file'");
        }
        return predictions.predictUpload(new NamedImage(file.getFilename(), bytes(file)));
    }

    @Post(uri = "/predict", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PredictionResponse predictObject(@Nullable @Body ObjectPredictionRequest request) {
        return predictions.predictObject(request == null ? null : request.object());
    }

    @Post(uri = "/predict", produces = MediaType.APPLICATION_JSON, consumes = {
            "image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff", MediaType.APPLICATION_OCTET_STREAM})
    public PredictionResponse predictRaw(@Nullable @Body byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(400, "empty", "the request body is empty; send the photo's bytes (" + RAW_IMAGE_TYPES_HINT + ")");
        }
        return predictions.predictUpload(new NamedImage(null, body));
    }

    /**
     * Each file is classified as its part is parsed: decoded, preprocessed into the batch's tensor,
     * and its bytes dropped before the next part, so one request holds tensors, not 50 images. The
     * body has been received in full by {@link com.returnsorter.service.upload.UploadAdmissionFilter}
     * before this runs, so parsing never waits for the network on an inference thread.
     */
    @Post(uri = "/predict_batch", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    public BatchResponse predictBatch(@Body MultipartBody body) {
        int limit = configuration.maxBatchFiles();
        PredictionService.BatchPrediction batch = predictions.startBatch();
        Flux.from(body).doOnNext(part -> {
            try {
                if (isFile(part)) {
                    if (batch.size() == limit) {
                        throw new ApiException(400, "too-many-files", "a batch holds at most " + limit + " files");
                    }
                    CompletedFileUpload upload = (CompletedFileUpload) part;
                    batch.add(upload.getFilename(), bytes(upload));
                }
            } finally {
                discard(part);
            }
        }).blockLast();
        if (batch.size() == 0) {
            throw new ApiException(400, "no-file", "no 'files' parts: send the photos as multipart/form-data fields named 'files'");
        }
        return batch.finish();
    }

    /** Frees a part's bytes now rather than when the request ends. */
    private static void discard(CompletedPart part) {
        if (part instanceof CompletedFileUpload upload) {
            upload.discard();
        }
    }

    private static boolean isFile(CompletedPart part) {
        return part instanceof CompletedFileUpload && ("files".equals(part.getName()) || "file".equals(part.getName()));
    }

    private static byte[] bytes(CompletedFileUpload upload) {
        try {
            return upload.getBytes();
        } catch (IOException e) {
            throw new ApiException(400, "unreadable", "the uploaded file could not be read");
        }
    }
}
