package com.returnsorter.report.workspace;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.report.history.HistoryUnavailableException;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.InvalidObjectKeyException;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectTooLargeException;
import com.returnsorter.storage.PreconditionFailedException;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectStoreException;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.function.Supplier;

/** Where the workspace's photos are, and the store failures it turns into client answers. */
public final class Workspace {

    /** The folders whose photos people may look at (thumbnails, lookup). */
    public static final List<String> PHOTO_FOLDERS = List.of(BucketLayout.INCOMING, BucketLayout.REVIEW,
            BucketLayout.PROCESSED, BucketLayout.REJECTED);

    private Workspace() {
    }

    /** The key checked as a photo key under one of {@link #PHOTO_FOLDERS}; 400 otherwise. */
    public static String requirePhotoKey(@Nullable String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(400, "missing-object", "name the photo's object key, e.g. review/Coat/a.jpg");
        }
        String problem = ObjectKeys.problem(key, false);
        if (problem != null) {
            throw new ApiException(400, "invalid-object", "the object key " + ObjectKeys.escape(key) + " " + problem);
        }
        if (PHOTO_FOLDERS.stream().noneMatch(folder -> key.startsWith(folder) && key.length() > folder.length())) {
            throw new ApiException(400, "not-a-photo-folder", "only photos under " + String.join(", ", PHOTO_FOLDERS)
                    + " can be shown; got " + ObjectKeys.escape(key));
        }
        return key;
    }

    /** The category folder of {@code review/<Cat>/…} or {@code processed/<Cat>/…}, or null. */
    @Nullable
    public static String categoryFolder(String key) {
        for (String root : List.of(BucketLayout.REVIEW, BucketLayout.PROCESSED)) {
            if (key.startsWith(root)) {
                int slash = key.indexOf('/', root.length());
                return slash > root.length() ? key.substring(root.length(), slash) : null;
            }
        }
        return null;
    }

    /**
     * Runs {@code work}, answering failures of the bucket or the history that are no client's fault as
     * a 503 (transient) or 502 JSON error rather than a 500.
     */
    public static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (ObjectNotFoundException | ObjectTooLargeException | ObjectAlreadyExistsException
                 | PreconditionFailedException e) {
            throw e; // answers about one object, for the caller to word
        } catch (InvalidObjectKeyException e) {
            throw new ApiException(400, "invalid-object", e.getMessage());
        } catch (HistoryUnavailableException e) {
            throw new ApiException(503, "history-unavailable", "the decision history did not answer; try again: "
                    + e.getMessage(), 5);
        } catch (ObjectStoreException e) {
            if (e.isTransient()) {
                throw new ApiException(503, "bucket-unavailable", "the bucket did not answer; try again: " + e.getMessage(), 5);
            }
            throw new ApiException(502, "bucket-failed", "the bucket refused the request: " + e.getMessage());
        }
    }

    /** The thumbnail path of {@code key}, each segment percent-encoded. */
    public static String photoPath(String key) {
        StringBuilder path = new StringBuilder("/photos/");
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(java.net.URLEncoder.encode(segments[i], java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /**
     * Refuses a form post that a browser says came from another site: the people's session is IAP's cookie,
     * which a foreign page's form would carry along. {@code Sec-Fetch-Site} (every current browser sends it)
     * must be {@code same-origin} (or {@code none}, typed by the person); {@code same-site} is refused too, since
     * a sibling sub-domain of a custom domain is another application. Without it (older browsers), an
     * {@code Origin} must name this host; {@code Origin: null} (a sandboxed frame, a {@code data:} page, a
     * cross-site redirect) is refused. A request with neither header is no browser's cross-site form.
     */
    public static void requireSameSite(io.micronaut.http.HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        String origin = request.getHeaders().get("Origin");
        if (site != null) {
            String value = site.strip().toLowerCase(java.util.Locale.ROOT);
            if (!value.equals("same-origin") && !value.equals("none")) {
                throw crossSite();
            }
            // A same-origin form under Referrer-Policy: no-referrer sends Origin: null; the browser's own
            // same-origin verdict decides then.
            if (origin == null || origin.equals("null")) {
                return;
            }
        }
        if (origin == null) {
            return;
        }
        String host = request.getHeaders().get("Host");
        String originHost = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        if (origin.equals("null") || host == null || !originHost.equalsIgnoreCase(host)) {
            throw crossSite();
        }
    }

    private static ApiException crossSite() {
        return new ApiException(403, "cross-site", "this form may only be sent from the workspace's own pages");
    }
}
