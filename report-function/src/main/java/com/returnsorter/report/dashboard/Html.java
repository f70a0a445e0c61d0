package com.returnsorter.report.dashboard;

import com.returnsorter.reports.HtmlText;
import io.micronaut.core.annotation.Nullable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Escaping and number formatting of the dashboard; every number goes through here, so all use {@link Locale#ROOT}. */
final class Html {

    private Html() {
    }

    /** Escapes text for HTML (and SVG) content and for quoted attribute values. */
    static String escape(@Nullable String text) {
        return HtmlText.escape(text);
    }

    /** One URL path segment: everything but unreserved characters percent-encoded ({@code /} too). */
    static String pathSegment(String segment) {
        // URLEncoder is form encoding: its '+' for a space means a plus in a path, and '*' is allowed raw.
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    /** At most {@code max} characters, with an ellipsis when cut; never splits a surrogate pair. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 97.3%}; a value that is not a number at all shows as a dash rather than "NaN". */
    static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f%%", value) : "—";
    }

    /** A coordinate or length in SVG. */
    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", Double.isFinite(value) ? value : 0);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 1) {
            return "under 1 s";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86_400) + " days";
    }
}
