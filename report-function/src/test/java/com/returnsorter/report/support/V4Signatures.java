package com.returnsorter.report.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a Cloud Storage V4 signed URL the way Cloud Storage does, written from Google's description of the
 * algorithm ("Signature V4 signing process", cloud.google.com/storage/docs/authentication/signatures), not
 * from the client library that made the URL:
 * <pre>
 * canonical request = VERB \n PATH \n CANONICAL_QUERY \n CANONICAL_HEADERS \n \n SIGNED_HEADERS \n UNSIGNED-PAYLOAD
 * string to sign    = GOOG4-RSA-SHA256 \n X-Goog-Date \n SCOPE \n hex(sha256(canonical request))
 * X-Goog-Signature  = hex(RSA-SHA256(string to sign)) with the service account's private key
 * </pre>
 * The query is every parameter but {@code X-Goog-Signature}, names and values percent-encoded (RFC 3986,
 * unreserved characters kept) and sorted by name; the headers are those {@code X-Goog-SignedHeaders} names,
 * lower-case, {@code name:value} one a line, {@code host} taken from the URL.
 */
public final class V4Signatures {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private V4Signatures() {
    }

    /**
     * Null when {@code url} carries a valid signature of {@code key} for {@code method} with these request
     * headers (names in any case) at {@code now}; otherwise why not.
     */
    public static String problem(String method, URI url, Map<String, String> headers, PublicKey key, Instant now) {
        Map<String, String> query = new TreeMap<>();
        String raw = url.getRawQuery();
        if (raw == null) {
            return "no query";
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        if (!"GOOG4-RSA-SHA256".equals(query.get("X-Goog-Algorithm"))) {
            return "algorithm " + query.get("X-Goog-Algorithm");
        }
        String signature = query.remove("X-Goog-Signature");
        String date = query.get("X-Goog-Date");
        String credential = query.get("X-Goog-Credential");
        String signedHeaders = query.get("X-Goog-SignedHeaders");
        if (signature == null || date == null || credential == null || signedHeaders == null || query.get("X-Goog-Expires") == null) {
            return "a signature parameter is missing: " + query.keySet();
        }
        Instant signedAt = LocalDateTime.parse(date, STAMP).toInstant(ZoneOffset.UTC);
        long expires = Long.parseLong(query.get("X-Goog-Expires"));
        if (now.isBefore(signedAt.minusSeconds(900)) || now.isAfter(signedAt.plusSeconds(expires))) {
            return "expired or not yet valid (signed " + signedAt + " for " + expires + " s)";
        }
        String scope = credential.substring(credential.indexOf('/') + 1);
        if (!scope.equals(date.substring(0, 8) + "/auto/storage/goog4_request")) {
            return "credential scope " + scope;
        }
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((name, value) -> canonicalQuery.append(canonicalQuery.isEmpty() ? "" : "&")
                .append(encode(name)).append('=').append(encode(value)));
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value.strip()));
        lower.put("host", url.getRawAuthority());
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            if (!lower.containsKey(name)) {
                return "signed header " + name + " is not in the request";
            }
            canonicalHeaders.append(name).append(':').append(lower.get(name)).append('\n');
        }
        String canonicalRequest = method + "\n" + url.getRawPath() + "\n" + canonicalQuery + "\n" + canonicalHeaders
                + "\n" + signedHeaders + "\nUNSIGNED-PAYLOAD";
        String stringToSign = "GOOG4-RSA-SHA256\n" + date + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(HexFormat.of().parseHex(signature)) ? null : "the signature does not match";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "unverifiable signature: " + e.getMessage();
        }
    }

    /** The headers {@code X-Goog-SignedHeaders} of {@code url} names. */
    public static String signedHeaders(URI url) {
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.startsWith("X-Goog-SignedHeaders=")) {
                return decode(pair.substring("X-Goog-SignedHeaders=".length()));
            }
        }
        return "";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - . _ ~ */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
