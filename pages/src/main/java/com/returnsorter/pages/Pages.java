package com.returnsorter.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micronaut.core.beans.BeanMap;

import java.util.Map;

/**
 * Renders a page outside an HTTP request (report.html written by the batch, the HTML part of an email)
 * from the same precompiled templates Micronaut Views renders for report-function's controllers, and
 * with the same rule: the model record's properties are the template's parameters.
 *
 * <p>The templates are compiled to Java at build time by the jte-maven-plugin; nothing is compiled at run
 * time, so no JDK compiler is needed and the native image works. Output is HTML-escaped by default.
 */
public final class Pages {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Pages() {
    }

    /**
     * The page {@code view} (a path under src/main/jte without {@code .jte}, e.g. {@code "report"}) with
     * the properties of {@code model}, an {@code @Introspected} record, as its parameters.
     */
    public static String render(String view, Object model) {
        Map<String, Object> parameters = model instanceof Map<?, ?> map ? cast(map) : BeanMap.of(model);
        StringOutput output = new StringOutput(32 * 1024);
        ENGINE.render(view + ".jte", parameters, output);
        return output.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
