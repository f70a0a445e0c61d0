package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.util.Comparator;

/**
 * The key rules every adapter applies to every key and prefix argument.
 *
 * <p>A key is one or more segments separated by {@code /}. Rejected: empty, over
 * {@value #MAX_KEY_BYTES} UTF-8 bytes, a leading {@code /}, any {@code \}, a segment {@code .}
 * or {@code ..}, an empty segment ({@code a//b}), control characters (Unicode Cc, e.g. NUL,
 * newline), format characters (Cf: bidi overrides such as U+202E, zero-width U+200B …), line
 * and paragraph separators (U+2028/U+2029), unpaired surrogates and noncharacters (U+FFFE,
 * U+FFFF, U+FDD0–U+FDEF and their kin on every plane). Accepted: any other Unicode in NFC or
 * NFD (no normalization is applied: the two spellings are two keys), spaces, {@code # ? % +}.
 * A trailing {@code /} marks a folder placeholder: valid in listings, {@link ObjectStore#stat},
 * {@link ObjectStore#read} and {@link ObjectStore#delete}, rejected as a write or copy target.
 */
public final class ObjectKeys {

    /** Cloud Storage's limit on an object name. */
    public static final int MAX_KEY_BYTES = 1024;

    /** Key order as Cloud Storage lists: by Unicode code point, which equals UTF-8 byte order. */
    public static final Comparator<String> ORDER = ObjectKeys::compareCodePoints;

    private ObjectKeys() {
    }

    /** Checks an object key (no trailing "/") and returns it. */
    public static String requireObjectKey(String key) {
        return require(key, false, "key");
    }

    /** Checks an object key or a folder placeholder key (trailing "/" allowed) and returns it. */
    public static String requireKeyOrFolder(String key) {
        return require(key, true, "key");
    }

    /** Checks a listing prefix: empty is allowed (everything), otherwise the key rules with a trailing "/" allowed. */
    public static String requirePrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidObjectKeyException("prefix is null");
        }
        return prefix.isEmpty() ? prefix : require(prefix, true, "prefix");
    }

    /** True when {@code key} is a valid object key or folder placeholder key. */
    public static boolean isSafe(@Nullable String key) {
        return key != null && problem(key, true) == null;
    }

    /**
     * The reason {@code key} is invalid, or null when it is valid.
     *
     * @param allowTrailingSlash whether a folder placeholder key ({@code a/b/}) is acceptable
     */
    @Nullable
    public static String problem(String key, boolean allowTrailingSlash) {
        if (key == null) {
            return "is null";
        }
        if (key.isEmpty()) {
            return "is empty";
        }
        if (key.charAt(0) == '/') {
            return "starts with '/'";
        }
        long utf8Bytes = 0;
        for (int i = 0; i < key.length(); ) {
            char c = key.charAt(i);
            int cp;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    return "has an unpaired surrogate at index " + i;
                }
                cp = Character.toCodePoint(c, key.charAt(i + 1));
            } else if (Character.isLowSurrogate(c)) {
                return "has an unpaired surrogate at index " + i;
            } else {
                cp = c;
            }
            if (cp == '\\') {
                return "contains '\\'";
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL) {
                return String.format("contains control character U+%04X at index %d", cp, i);
            }
            if (type == Character.FORMAT) {
                return String.format("contains invisible format character U+%04X at index %d", cp, i);
            }
            if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("contains line separator U+%04X at index %d", cp, i);
            }
            if (isNoncharacter(cp)) {
                return String.format("contains noncharacter U+%04X at index %d", cp, i);
            }
            utf8Bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        if (utf8Bytes > MAX_KEY_BYTES) {
            return "is " + utf8Bytes + " UTF-8 bytes long, over the limit of " + MAX_KEY_BYTES;
        }
        boolean folder = key.endsWith("/");
        if (folder && !allowTrailingSlash) {
            return "ends with '/', which only a folder placeholder may";
        }
        String body = folder ? key.substring(0, key.length() - 1) : key;
        int start = 0;
        while (true) {
            int slash = body.indexOf('/', start);
            String segment = slash < 0 ? body.substring(start) : body.substring(start, slash);
            if (segment.isEmpty()) {
                return "has an empty segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
    }

    /** The last segment of a key: {@code incoming/a b.jpg} → {@code a b.jpg}; {@code processed/Shirt/} → {@code Shirt}. */
    public static String fileName(String key) {
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return body.substring(body.lastIndexOf('/') + 1);
    }

    /** The part of a key up to and including its last "/", or "" for a top-level key. */
    public static String parent(String key) {
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return body.substring(0, body.lastIndexOf('/') + 1);
    }

    /**
     * The key with {@code ~n} inserted before the extension of its last segment:
     * {@code a/b.jpg} → {@code a/b~2.jpg}, {@code a/b} → {@code a/b~2}, {@code a/.env} → {@code a/.env~2}.
     */
    public static String withSuffix(String key, int n) {
        String name = fileName(key);
        int dot = name.lastIndexOf('.');
        String suffixed = dot > 0
                ? name.substring(0, dot) + "~" + n + name.substring(dot)
                : name + "~" + n;
        return parent(key) + suffixed;
    }

    /** The key made safe for a log line or message: quoted, with anything non-printable as {@code \\uXXXX}. */
    public static String escape(@Nullable String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(key.length() + 2).append('"');
        int shown = 0;
        for (int i = 0; i < key.length() && shown < 200; i++, shown++) {
            char c = key.charAt(i);
            int type = Character.getType(c);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || isNoncharacter(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (key.length() > shown) {
            out.append("…(").append(key.length()).append(" chars)");
        }
        return out.append('"').toString();
    }

    static String require(String key, boolean allowTrailingSlash, String what) {
        String problem = problem(key, allowTrailingSlash);
        if (problem != null) {
            throw new InvalidObjectKeyException(what + " " + escape(key) + " " + problem);
        }
        return key;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
