package com.returnsorter.reports;

import io.micronaut.core.annotation.Nullable;

/** HTML escaping shared by every page and email the project writes. */
public final class HtmlText {

    private HtmlText() {
    }

    /**
     * Escapes text for HTML (and SVG) content and for double- or single-quoted attribute values;
     * C0 control characters other than tab, LF and CR become U+FFFD. Returns {@code text} itself
     * when nothing needs escaping, and "" for null.
     */
    public static String escape(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                // C0 controls other than tab, LF and CR are not allowed in HTML text.
                default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "\uFFFD" : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
