package com.returnsorter.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * How pages write numbers, durations and URL parts. Every number goes through here with {@link Locale#ROOT},
 * so a page reads the same whatever the server's default locale, and never shows "NaN".
 */
public final class Format {

    private Format() {
    }

    /** {@code 12,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 97.3%}; a value that is not a number shows as a dash. */
    public static String percent(double value) {
        return percent(value, 1);
    }

    /** {@code 70%} with {@code decimals} 0; a value that is not a number shows as a dash. */
    public static String percent(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f%%", value) : "—";
    }

    /** A coordinate or length in SVG, one decimal. */
    public static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", Double.isFinite(value) ? value : 0);
    }

    /** "under 1 s", "16 s", "12 min 30 s", "5 h 12 min", "3 days". */
    public static String duration(double seconds) {
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

    /** A length of time in words, to the minute: "45 s", "12 min", "5 h 12 min", "3 days". */
    public static String span(Duration duration) {
        long seconds = duration.abs().toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
        }
        return (minutes / (24 * 60)) + " days";
    }

    /** At most {@code max} characters, with an ellipsis when cut; never splits a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** One URL path segment: everything but unreserved characters percent-encoded ({@code /} too). */
    public static String pathSegment(String segment) {
        // URLEncoder is form encoding: its '+' for a space means a plus in a path, and '*' is allowed raw.
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
