package com.returnsorter.pages.workspace;

import com.returnsorter.pages.Layout;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code GET /upload} and the answer to a form {@code POST /uploads} without JavaScript (template
 * {@code workspace/upload}): the photo station's upload form and, after a post, what happened to each file.
 *
 * @param accept   the file input's {@code accept}: JPEG first, so an iPhone converts HEIC while picking
 * @param maxSize  the size limit per photo, as text
 * @param results  the files of the last post; empty on a fresh page
 * @param classify whether "classify now" is offered (the predict function is configured)
 * @param mode     {@code service} (upload.js posts each file to {@code /uploads}) or {@code signed-url} (it PUTs
 *                 each file straight to the bucket with a signed URL from {@code /uploads/signed-urls})
 */
@Introspected
public record UploadPage(Layout layout, String accept, String maxSize, String heicHelp, List<Result> results,
                         boolean classify, String mode) {

    /**
     * One uploaded file.
     *
     * @param stored  whether it is in {@code incoming/} now
     * @param message where it went, or why it was refused
     */
    @Introspected
    public record Result(String file, boolean stored, @Nullable String object, String message) {
    }
}
