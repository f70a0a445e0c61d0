package com.returnsorter.report.upload;

import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Nav;
import com.returnsorter.pages.workspace.UploadPage;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiErrors;
import com.returnsorter.service.api.ApiException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /upload}, the photo station's page, and {@code POST /uploads}: one or many files (multipart
 * field {@code files}) into {@code incoming/} through {@link Uploads}; {@code classify=on} also asks the
 * predict function for each photo's category at once. JSON answers {@code {files: [...], stored, refused}};
 * a single refused file is its 4xx error. A browser's form post without JavaScript gets the page back with
 * the results.
 */
@Secured(Roles.PEOPLE)
@Controller
public class UploadController {

    /** upload.js and its requests (in signed-url mode also to the bucket, see {@link #policy()}). */
    static final String POLICY = Layout.APP_POLICY.replace("default-src 'none'",
            "default-src 'none'; script-src 'self'; connect-src 'self'");
    /** JPEG first: an iPhone then converts HEIC photos to JPEG while picking them. */
    static final String ACCEPT = "image/jpeg,image/png,image/webp";
    /**
     * Files in one request. upload.js sends one file a request; the form without JavaScript sends all
     * the person picked. Without a bound, thousands of tiny files of one name cost a write per suffix
     * already taken (quadratic).
     */
    static final int MAX_FILES = 100;

    private final Uploads uploads;
    private final ClassifyNow classifyNow;
    private final WorkspaceConfiguration configuration;
    private final SignedUploads signedUploads;

    public UploadController(Uploads uploads, ClassifyNow classifyNow, WorkspaceConfiguration configuration,
                            SignedUploads signedUploads) {
        this.uploads = uploads;
        this.classifyNow = classifyNow;
        this.configuration = configuration;
        this.signedUploads = signedUploads;
    }

    /**
     * {@code POST /uploads/signed-urls {files: [{name, type?, size?, suffix?}]}} (upload mode signed-url): per
     * file a V4 signed URL to PUT it into {@code incoming/} ({@link SignedUploads}; names already taken are
     * skipped), or why it is refused. A 412 on the PUT means the name was taken meanwhile: ask again with the
     * answer's {@code suffix} one higher. One file refused
     * alone is that file's error status, as for {@code POST /uploads}.
     */
    @Post(value = "/uploads/signed-urls", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING) // on Cloud Run each signature is a call to the IAM Credentials API
    public HttpResponse<?> signedUrls(@Body SignedUrlRequest body, HttpRequest<?> request) {
        com.returnsorter.report.workspace.Workspace.requireSameSite(request);
        if (!signedUploads.enabled()) {
            return ApiErrors.response(404, "uploads go through POST /uploads here (WORKSPACE_UPLOAD_MODE is "
                    + UploadConfiguration.SERVICE + ")", "signed-urls-off");
        }
        List<FileToSign> files = body.files() == null ? List.of() : body.files();
        if (files.isEmpty()) {
            return ApiErrors.response(400, "name the files: {\"files\": [{\"name\": …, \"type\": …, \"size\": …}]}", "no-file");
        }
        if (files.size() > MAX_FILES) {
            return ApiErrors.response(400, files.size() + " files in one request; ask for at most " + MAX_FILES
                    + " at a time", "too-many-files");
        }
        List<SignedAnswer> answers = new ArrayList<>();
        var stats = new java.util.concurrent.atomic.AtomicInteger(SignedUploads.STATS_PER_REQUEST);
        for (FileToSign file : files) {
            try {
                SignedUploads.Signed signed = signedUploads.sign(file == null ? null : file.name(),
                        file == null ? null : file.type(), file == null ? null : file.size(),
                        file == null || file.suffix() == null ? 0 : file.suffix(), stats);
                answers.add(new SignedAnswer(signed.file(), "signed", signed.object(), signed.renamed(), signed.suffix(),
                        signed.url(), signed.method(), signed.headers(), signed.expiresInSeconds(), null, null));
            } catch (ApiException e) {
                if (files.size() == 1) {
                    return ApiErrors.response(e);
                }
                answers.add(new SignedAnswer(file == null ? null : file.name(), "refused", null, false, 0, null, null,
                        null, 0, e.reason(), e.getMessage()));
            }
        }
        int signed = (int) answers.stream().filter(a -> a.url() != null).count();
        return HttpResponse.ok(new SignedUrlAnswer(answers, signed, answers.size() - signed))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * {@code POST /uploads/classifications {object}}: "classify now" for a photo already in {@code incoming/}
     * (upload.js after a PUT straight to the bucket).
     */
    @Post(value = "/uploads/classifications", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> classification(@Body ClassificationRequest body, HttpRequest<?> request) {
        com.returnsorter.report.workspace.Workspace.requireSameSite(request);
        String object = body.object();
        if (object == null || !object.startsWith(com.returnsorter.events.BucketLayout.INCOMING)
                || com.returnsorter.storage.ObjectKeys.problem(object, false) != null
                || object.indexOf('/', com.returnsorter.events.BucketLayout.INCOMING.length()) >= 0) {
            return ApiErrors.response(400, "object must be a photo directly in incoming/", "invalid-object");
        }
        if (!classifyNow.enabled()) {
            return ApiErrors.response(404, "classify now is not configured here (PREDICT_URL)", "classify-off");
        }
        return HttpResponse.ok(Map.of("object", object, "classification", classifyNow.classify(object)));
    }

    @Get(value = "/upload", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> page() {
        return HttpResponse.ok(new ModelAndView<>("workspace/upload", page(List.of())))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Post(value = "/uploads", consumes = MediaType.MULTIPART_FORM_DATA, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Mono<HttpResponse<?>> upload(@Body MultipartBody body, HttpRequest<?> request) {
        boolean html = request.accept().stream().anyMatch(type -> type.matches(MediaType.TEXT_HTML_TYPE));
        com.returnsorter.report.workspace.Workspace.requireSameSite(request);
        return Flux.from(body).collectList().publishOn(Schedulers.boundedElastic())
                .map(parts -> answer(parts, html));
    }

    private HttpResponse<?> answer(List<CompletedPart> parts, boolean html) {
        boolean classify = parts.stream().anyMatch(p -> p.getName().equals("classify") && "on".equals(text(p)));
        List<CompletedFileUpload> files = parts.stream().filter(p -> p instanceof CompletedFileUpload)
                .map(p -> (CompletedFileUpload) p).filter(f -> f.getFilename() != null && !f.getFilename().isBlank()
                        || f.getSize() > 0).toList();
        if (files.isEmpty()) {
            if (html) {
                return HttpResponse.badRequest(new ModelAndView<>("workspace/upload",
                        page(List.of(new UploadPage.Result("(no file)", false, null, "choose at least one photo")))));
            }
            return ApiErrors.response(400, "send the photos as multipart field 'files'", "no-file");
        }
        if (files.size() > MAX_FILES) {
            String message = files.size() + " files in one upload; send at most " + MAX_FILES + " at a time";
            if (html) {
                return HttpResponse.badRequest(new ModelAndView<>("workspace/upload",
                        page(List.of(new UploadPage.Result("(" + files.size() + " files)", false, null, message)))));
            }
            return ApiErrors.response(400, message, "too-many-files");
        }
        List<FileAnswer> answers = new ArrayList<>();
        for (CompletedFileUpload file : files) {
            try {
                Uploaded stored = uploads.store(file.getFilename(), bytes(file),
                        file.getContentType().map(MediaType::toString).orElse(null));
                if (classify) {
                    stored = new Uploaded(stored.file(), stored.object(), stored.renamed(), stored.size(),
                            classifyNow.classify(stored.object()));
                }
                answers.add(new FileAnswer(stored.file(), "stored", stored.object(), stored.renamed(), stored.size(),
                        stored.classification(), null, null));
            } catch (ApiException e) {
                if (files.size() == 1 && !html) {
                    return ApiErrors.response(e);
                }
                answers.add(new FileAnswer(file.getFilename(), "refused", null, false, file.getSize(), null, e.reason(),
                        e.getMessage()));
            }
        }
        int stored = (int) answers.stream().filter(a -> a.object() != null).count();
        if (html) {
            return HttpResponse.ok(new ModelAndView<>("workspace/upload", page(answers.stream().map(a -> new UploadPage.Result(
                    a.file(), a.object() != null, a.object(), a.object() != null ? describe(a) : a.error())).toList())))
                    .contentType(MediaType.TEXT_HTML_TYPE);
        }
        return HttpResponse.ok(new Answer(answers, stored, answers.size() - stored));
    }

    private static String describe(FileAnswer a) {
        String text = "stored as " + a.object() + (a.renamed() ? " (the name was taken)" : "");
        if (a.classification() != null) {
            Object category = a.classification().get("category");
            text += category != null ? "; the model says " + category : "; " + a.classification().get("error");
        }
        return text;
    }

    private UploadPage page(List<UploadPage.Result> results) {
        return new UploadPage(Layout.page("Upload", Nav.UPLOAD).withContentSecurityPolicy(policy()), ACCEPT,
                (configuration.maxUploadBytes() / (1024 * 1024)) + " MB", Uploads.HEIC_HELP, results,
                classifyNow.enabled(), signedUploads.enabled() ? UploadConfiguration.SIGNED_URL : UploadConfiguration.SERVICE);
    }

    /** The page's CSP: in signed-url mode upload.js also PUTs to the bucket's endpoint. */
    String policy() {
        return signedUploads.enabled() ? POLICY.replace("connect-src 'self'", "connect-src 'self' " + signedUploads.origin())
                : POLICY;
    }

    private static byte[] bytes(CompletedFileUpload file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(CompletedPart part) {
        try {
            return new String(part.getBytes(), StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "";
        }
    }

    /** What happened to one file. */
    @Serdeable
    public record FileAnswer(String file, String status, @io.micronaut.core.annotation.Nullable String object,
                             boolean renamed, long size,
                             @io.micronaut.core.annotation.Nullable Map<String, Object> classification,
                             @io.micronaut.core.annotation.Nullable String reason,
                             @io.micronaut.core.annotation.Nullable String error) {
    }

    /** {@code POST /uploads/signed-urls}: the files to sign for. */
    @Serdeable
    public record SignedUrlRequest(@io.micronaut.core.annotation.Nullable List<FileToSign> files) {
    }

    /**
     * One file to sign for.
     *
     * @param suffix 0 (or absent) for the name itself; n for {@code name~n}, after the PUT for n-1 answered 412
     */
    @Serdeable
    public record FileToSign(@io.micronaut.core.annotation.Nullable String name,
                             @io.micronaut.core.annotation.Nullable String type,
                             @io.micronaut.core.annotation.Nullable Long size,
                             @io.micronaut.core.annotation.Nullable Integer suffix) {
    }

    /** One file of {@code POST /uploads/signed-urls}: its URL and the headers its PUT must carry, or why not. */
    @Serdeable
    public record SignedAnswer(@io.micronaut.core.annotation.Nullable String file, String status,
                               @io.micronaut.core.annotation.Nullable String object, boolean renamed, int suffix,
                               @io.micronaut.core.annotation.Nullable String url,
                               @io.micronaut.core.annotation.Nullable String method,
                               @io.micronaut.core.annotation.Nullable Map<String, String> headers,
                               long expiresInSeconds,
                               @io.micronaut.core.annotation.Nullable String reason,
                               @io.micronaut.core.annotation.Nullable String error) {
    }

    /** The answer to {@code POST /uploads/signed-urls}. */
    @Serdeable
    public record SignedUrlAnswer(List<SignedAnswer> files, int signed, int refused) {
    }

    /** {@code POST /uploads/classifications}. */
    @Serdeable
    public record ClassificationRequest(@io.micronaut.core.annotation.Nullable String object) {
    }

    /** The answer to {@code POST /uploads}. */
    @Serdeable
    public record Answer(List<FileAnswer> files, int stored, int refused) {
    }
}
