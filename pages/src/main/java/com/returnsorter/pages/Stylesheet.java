package com.returnsorter.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one stylesheet of every page, report and email: {@code com/returnsorter/pages/pages.css} on the
 * classpath. The layout inlines it, so each page is one self-contained response that loads nothing else
 * (system fonts only) and a saved page or report.html looks the same offline.
 */
public final class Stylesheet {

    public static final String RESOURCE = "com/returnsorter/pages/pages.css";

    private static final String CSS = load();

    private Stylesheet() {
    }

    /** The stylesheet's text. */
    public static String css() {
        return CSS;
    }

    private static String load() {
        try (InputStream in = Stylesheet.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (css.contains("</")) {
                // Inlined into <style>: "</style" would end the element early.
                throw new IllegalStateException(RESOURCE + " must not contain \"</\"");
            }
            return css;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
