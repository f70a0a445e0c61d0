package com.returnsorter.report.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real local HTTP server standing in for Cloud Storage's XML endpoint ({@code PUT /<bucket>/<object>}) for
 * uploads with V4 signed URLs, answering as Cloud Storage does: the signature is checked with the service
 * account's public key ({@link V4Signatures}, 403 {@code SignatureDoesNotMatch}); {@code x-goog-if-generation-match: 0}
 * on a name that exists is 412 {@code PreconditionFailed}; a body outside {@code x-goog-content-length-range} is
 * 400 {@code EntityTooLarge}; else the object is stored (200). It answers the browser's CORS preflight for
 * the requesting origin as the bucket's CORS rule would. For the service's existence checks it also plays the
 * JSON API's object {@code GET} (and an OAuth token endpoint for the client's credentials); an object can be
 * made to appear only after its first check (another upload winning the race), and error answers can be sent
 * without CORS headers ({@link #corsOnErrors}), as Cloud Storage has been seen to do, so the browser cannot
 * read their status.
 */
public final class BucketXmlEndpoint implements AutoCloseable {

    /** One PUT that reached the endpoint. */
    public record Put(String object, int status, String reason) {
    }

    private final HttpServer server;
    private final String bucket;
    private final PublicKey key;
    private final ConcurrentMap<String, byte[]> objects = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> contentTypes = new ConcurrentHashMap<>();
    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private final List<String> preflights = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Set<String> unseen = ConcurrentHashMap.newKeySet();
    private final List<String> stats = new CopyOnWriteArrayList<>();
    private volatile boolean corsOnErrors = true;

    private BucketXmlEndpoint(String bucket, PublicKey key) throws IOException {
        this.bucket = bucket;
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the endpoint for {@code bucket}, trusting signatures of {@code key}. */
    public static BucketXmlEndpoint start(String bucket, PublicKey key) {
        try {
            return new BucketXmlEndpoint(bucket, key);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Map<String, byte[]> objects() {
        return objects;
    }

    public String contentType(String object) {
        return contentTypes.get(object);
    }

    public List<Put> puts() {
        return puts;
    }

    public List<String> preflights() {
        return preflights;
    }

    /** Stores an object as if it had been there before. */
    public void put(String object, byte[] bytes) {
        objects.put(object, bytes);
    }

    /** Stores an object that the first existence check does not see yet (it lands right after that check). */
    public void putAfterFirstCheck(String object, byte[] bytes) {
        objects.put(object, bytes);
        unseen.add(object);
    }

    /** The objects the JSON API was asked about, in order. */
    public List<String> stats() {
        return stats;
    }

    /** Whether error answers carry CORS headers (default true); false: the browser sees only a failed request. */
    public void corsOnErrors(boolean on) {
        this.corsOnErrors = on;
    }

    /** Holds the answer to the next successful PUT of {@code object} (after its body arrived) until released. */
    public CountDownLatch hold(String object) {
        return held.computeIfAbsent(object, o -> new CountDownLatch(1));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers cors = exchange.getResponseHeaders();
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            if (method.equals("POST") && uri.getPath().equals("/token")) {
                json(exchange, 200, "{\"access_token\":\"test-access-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                return;
            }
            String jsonPrefix = "/storage/v1/b/" + bucket + "/o/";
            if (method.equals("GET") && uri.getRawPath().startsWith(jsonPrefix)) {
                String object = URLDecoder.decode(uri.getRawPath().substring(jsonPrefix.length()), StandardCharsets.UTF_8);
                stats.add(object);
                byte[] bytes = unseen.remove(object) ? null : objects.get(object);
                if (bytes == null) {
                    json(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"No such object: " + bucket + "/" + object + "\"}}");
                } else {
                    json(exchange, 200, "{\"kind\":\"storage#object\",\"bucket\":\"" + bucket + "\",\"name\":\""
                            + object.replace("\"", "\\\"") + "\",\"generation\":\"1\",\"metageneration\":\"1\",\"size\":\""
                            + bytes.length + "\",\"contentType\":\"image/jpeg\",\"updated\":\"2026-10-13T08:00:00.000Z\"}");
                }
                return;
            }
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null) {
                cors.add("Access-Control-Allow-Origin", origin);
                cors.add("Vary", "Origin");
            }
            if (method.equals("OPTIONS")) {
                preflights.add(exchange.getRequestHeaders().getFirst("Access-Control-Request-Method") + " "
                        + exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers"));
                cors.add("Access-Control-Allow-Methods", "PUT");
                String asked = exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers");
                if (asked != null) {
                    cors.add("Access-Control-Allow-Headers", asked);
                }
                cors.add("Access-Control-Max-Age", "3600");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String prefix = "/" + bucket + "/";
            if (!method.equals("PUT") || !uri.getRawPath().startsWith(prefix)) {
                answer(exchange, 404, "NoSuchKey", null);
                return;
            }
            String object = URLDecoder.decode(uri.getRawPath().substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI full = URI.create("http://" + headers.get("Host") + uri.getRawPath() + "?" + uri.getRawQuery());
            String problem = V4Signatures.problem("PUT", full, headers, key, Instant.now());
            if (problem != null) {
                answer(exchange, 403, "SignatureDoesNotMatch", object + ": " + problem);
                return;
            }
            String range = headers.get("x-goog-content-length-range");
            if (range != null) {
                String[] bounds = range.split(",");
                if (body.length < Long.parseLong(bounds[0].strip())) {
                    answer(exchange, 400, "EntityTooSmall", object);
                    return;
                }
                if (body.length > Long.parseLong(bounds[1].strip())) {
                    answer(exchange, 400, "EntityTooLarge", object);
                    return;
                }
            }
            boolean createOnly = "0".equals(headers.get("x-goog-if-generation-match"));
            synchronized (objects) {
                if (createOnly && objects.containsKey(object)) {
                    answer(exchange, 412, "PreconditionFailed", object);
                    return;
                }
                objects.put(object, body);
                contentTypes.put(object, String.valueOf(headers.get("Content-Type")));
            }
            CountDownLatch hold = held.remove(object);
            if (hold != null && !hold.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("nobody released " + object);
            }
            answer(exchange, 200, null, object);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange, int status, String code, String object) throws IOException {
        puts.add(new Put(object, status, code));
        byte[] body = code == null ? new byte[0] : ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code
                + "</Code></Error>").getBytes(StandardCharsets.UTF_8);
        if (code != null) {
            exchange.getResponseHeaders().add("Content-Type", "application/xml; charset=UTF-8");
            if (!corsOnErrors) {
                exchange.getResponseHeaders().remove("Access-Control-Allow-Origin");
            }
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
