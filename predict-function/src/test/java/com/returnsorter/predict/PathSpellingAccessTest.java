package com.returnsorter.predict;

import com.returnsorter.testing.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spelling of the prediction paths a client can send: without a key, each is refused (401)
 * or matches no route (404) — never served. With a key, the spellings the router maps to the route
 * are served, so access really is decided on the route, not on the spelling.
 */
@MicronautTest
@Property(name = "predict.api-keys", value = "store-app:store-app-key-0123456789")
@Property(name = "predict.rate-limit.enabled", value = "false")
class PathSpellingAccessTest {

    private static final String KEY = "store-app-key-0123456789";

    @Inject
    EmbeddedServer server;

    @Test
    void noSpellingOfPredictIsServedWithoutAKey() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String route : List.of("/predict", "/predict_batch")) {
            for (String spelling : RawHttp.spellingsOf(route)) {
                boolean batch = route.equals("/predict_batch");
                RawHttp.Response anonymous = post(spelling, batch, null);
                RawHttp.Response keyed = post(spelling, batch, KEY);
                seen.put(spelling, anonymous.status() + " without key, " + keyed.status() + " with key");
                assertThat(anonymous.status()).as(spelling + " without a key: " + anonymous.body()).isIn(400, 401, 404);
                assertThat(anonymous.body()).as(spelling).doesNotContain("\"category\"").doesNotContain("\"results\"");
                if (anonymous.status() != 400) {
                    assertThat(anonymous.isJson()).as(spelling + " answers JSON").isTrue();
                }
                if (anonymous.status() == 401) {
                    assertThat(keyed.status()).as(spelling + " with a key: " + keyed.body()).isNotIn(401, 403);
                }
            }
        }
        seen.forEach((spelling, statuses) -> System.out.printf("PATH-SPELLING predict %-22s %s%n", spelling, statuses));
        // What Micronaut's router does: one trailing slash is the same route; the rest are other paths.
        assertThat(seen.get("/predict/")).isEqualTo("401 without key, 200 with key");
        assertThat(seen.get("/predict_batch/")).isEqualTo("401 without key, 200 with key");
    }

    /** A raw PNG body for /predict, a multipart {@code files} part for /predict_batch: what each route consumes. */
    private RawHttp.Response post(String target, boolean batch, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] photo = TestData.firstOf("png").bytes();
        byte[] body = photo;
        if (batch) {
            String boundary = "spelling-test-boundary";
            headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
            byte[] start = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
            body = ByteBuffer.allocate(start.length + photo.length + end.length).put(start).put(photo).put(end).array();
        } else {
            headers.put("Content-Type", "image/png");
        }
        if (key != null) {
            headers.put("X-API-Key", key);
        }
        return RawHttp.send(server.getURI(), "POST", target, headers, body);
    }
}
