package com.returnsorter.report.workspace;

import com.returnsorter.service.access.Roles;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workspace's two small scripts ({@code /assets/review.js}, {@code /assets/upload.js}), from module
 * pages' resources: progressive enhancement only, the pages work without them.
 */
@Secured(Roles.PEOPLE)
@Controller("/assets")
public class AssetsController {

    private static final String FOLDER = "com/returnsorter/pages/workspace/";
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    @Get(value = "/review.js", produces = "text/javascript")
    public HttpResponse<byte[]> review() {
        return script("review.js");
    }

    @Get(value = "/upload.js", produces = "text/javascript")
    public HttpResponse<byte[]> upload() {
        return script("upload.js");
    }

    private HttpResponse<byte[]> script(String name) {
        byte[] body = loaded.computeIfAbsent(name, AssetsController::read);
        return HttpResponse.ok(body).contentType(MediaType.of("text/javascript;charset=utf-8"))
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static byte[] read(String name) {
        try (InputStream in = AssetsController.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + name + " is missing from the pages module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
