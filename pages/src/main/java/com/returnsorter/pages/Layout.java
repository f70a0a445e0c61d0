package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code layout.jte} needs besides the page's own content: the title, which section of the
 * navigation bar is the current page, the Content-Security-Policy, a reload interval and a flash message.
 *
 * <p>Two kinds: an {@linkplain #page(String, Nav) app page} served by report-function (navigation bar with
 * Dashboard, Review, Pick lists, Upload, Runs and the return search box {@code GET /returns?q=…}), and a
 * {@linkplain #document(String) document} that must stand alone (report.html in the bucket, an email): no
 * navigation, no links, a policy that forbids loading anything.
 *
 * @param title                 the whole {@code <title>}
 * @param current               the section the page belongs to, marked in the navigation bar; null for none
 * @param navigation            whether the page has the navigation bar and search box
 * @param contentSecurityPolicy the {@code <meta http-equiv="Content-Security-Policy">}
 * @param refreshSeconds        reload the page this often; 0 never
 * @param query                 the search box's text
 * @param flash                 a message above the content; null for none
 */
@Introspected
public record Layout(
        String title,
        @Nullable Nav current,
        boolean navigation,
        String contentSecurityPolicy,
        long refreshSeconds,
        String query,
        @Nullable Flash flash) {

    /**
     * App pages: inline styles, images from this service (thumbnails), forms posting to this service,
     * nothing else. A page that needs more (a script, an upload to a signed URL) widens it with
     * {@link #withContentSecurityPolicy(String)}.
     */
    public static final String APP_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'";
    /** Documents: the inline stylesheet and inline SVG only. */
    public static final String DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    public Layout {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(contentSecurityPolicy, "contentSecurityPolicy");
        query = query == null ? "" : query;
        if (refreshSeconds < 0) {
            throw new IllegalArgumentException("refreshSeconds must not be negative: " + refreshSeconds);
        }
    }

    /** A page of the site, in section {@code current}; the title gets " · Return Sorter" appended. */
    public static Layout page(String title, @Nullable Nav current) {
        return new Layout(title + " · Return Sorter", current, true, APP_POLICY, 0, "", null);
    }

    /** A stand-alone document (report.html, an email body): no navigation and nothing loaded; the title as given. */
    public static Layout document(String title) {
        return new Layout(title, null, false, DOCUMENT_POLICY, 0, "", null);
    }

    public Layout withRefresh(Duration every) {
        return new Layout(title, current, navigation, contentSecurityPolicy, Math.max(0, every.toSeconds()), query, flash);
    }

    public Layout withFlash(@Nullable Flash message) {
        return new Layout(title, current, navigation, contentSecurityPolicy, refreshSeconds, query, message);
    }

    /** Keeps what was searched for in the search box, e.g. on the lookup's result page. */
    public Layout withQuery(@Nullable String text) {
        return new Layout(title, current, navigation, contentSecurityPolicy, refreshSeconds, text, flash);
    }

    public Layout withContentSecurityPolicy(String policy) {
        return new Layout(title, current, navigation, policy, refreshSeconds, query, flash);
    }

    /** Whether {@code section} is this page's section: the navigation bar marks it. */
    public boolean isCurrent(Nav section) {
        return section == current;
    }
}
