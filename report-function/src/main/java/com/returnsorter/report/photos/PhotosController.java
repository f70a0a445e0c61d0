package com.returnsorter.report.photos;

import com.returnsorter.service.access.Roles;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code GET /photos/{key}}: a small JPEG thumbnail of a photo under {@code incoming/}, {@code review/},
 * {@code processed/} or {@code rejected/} ({@link Thumbnails}); 400 for any other key, 404 when there is
 * no such photo, 422 when it cannot be decoded, all JSON.
 */
@Secured(Roles.PEOPLE)
@Controller("/photos")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PhotosController {

    private final Thumbnails thumbnails;

    public PhotosController(Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
    }

    @Get(value = "/{+key}", produces = MediaType.IMAGE_JPEG)
    public HttpResponse<byte[]> thumbnail(@PathVariable String key) {
        return HttpResponse.ok(thumbnails.of(key))
                .contentType(MediaType.IMAGE_JPEG_TYPE)
                // Keyed by the photo's key, whose content changes when it moves: private, short-lived.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=60")
                .header("X-Content-Type-Options", "nosniff");
    }
}
