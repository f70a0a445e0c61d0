package com.returnsorter.report.workspace;

import com.returnsorter.storage.ObjectKeys;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Return ids: the photo station names files {@code return_20261013_001.jpg}; customer service says
 * {@code RET-20261013-001}. Both spellings (any case, {@code _} or {@code -}) mean the return
 * {@code return_20261013_001}.
 */
public final class ReturnIds {

    private static final Pattern ID = Pattern.compile("(?i)^(?:return|ret)[_-](\\d{8})[_-](\\d{1,6})");

    private ReturnIds() {
    }

    /** The canonical id of what a person typed, or empty when it is no return id. */
    public static Optional<String> parse(@Nullable String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(typed.strip());
        if (!m.find() || m.end() != typed.strip().length()) {
            return Optional.empty();
        }
        return Optional.of("return_" + m.group(1) + "_" + m.group(2));
    }

    /** The return id in a photo's file name ({@code return_20261013_001~2.jpg} → {@code return_20261013_001}), or the name's stem. */
    public static String ofKey(String key) {
        String name = ObjectKeys.fileName(key);
        Matcher m = ID.matcher(name);
        if (m.find()) {
            return "return_" + m.group(1) + "_" + m.group(2);
        }
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    }

    /** The customer-service spelling, {@code RET-20261013-001}. */
    public static String display(String canonical) {
        Matcher m = ID.matcher(canonical);
        return m.find() ? "RET-" + m.group(1) + "-" + m.group(2) : canonical;
    }
}
