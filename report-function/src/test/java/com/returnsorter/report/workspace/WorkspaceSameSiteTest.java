package com.returnsorter.report.workspace;

import com.returnsorter.service.api.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Workspace#requireSameSite}: which browser form posts count as the workspace's own. Judged on the
 * request's headers alone (over HTTP, a service at localhost answers a foreign {@code Origin} with
 * Micronaut's own drive-by-localhost refusal first; see WorkspaceAttackTest for the routes).
 */
class WorkspaceSameSiteTest {

    @Test
    void anOpaqueOriginFromABrowserWithoutFetchMetadataIsRefused() {
        // A sandboxed frame or a data: page of another site posts with Origin: null.
        assertRefused(Map.of("Origin", "null"));
    }

    @Test
    void aSiblingSiteOrAForeignOriginIsRefused() {
        assertRefused(Map.of("Sec-Fetch-Site", "same-site"));
        assertRefused(Map.of("Sec-Fetch-Site", "cross-site"));
        assertRefused(Map.of("Sec-Fetch-Site", "cross-site", "Origin", "null"));
        assertRefused(Map.of("Origin", "https://evil.example"));
        assertRefused(Map.of("Origin", "https://workspace.example.evil.example"));
        assertRefused(Map.of("Origin", "https://workspace.example:8443"));
        assertRefused(Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example"));
    }

    @Test
    void theWorkspacesOwnFormsAndClientsWithoutABrowserPass() {
        assertAccepted(Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://workspace.example"));
        // Under Referrer-Policy: no-referrer a same-origin form sends Origin: null; the browser's verdict stands.
        assertAccepted(Map.of("Sec-Fetch-Site", "same-origin", "Origin", "null"));
        assertAccepted(Map.of("Origin", "https://WORKSPACE.example"));
        assertAccepted(Map.of()); // curl, the inventory system
    }

    private static MutableHttpRequest<?> request(Map<String, String> headers) {
        MutableHttpRequest<?> request = HttpRequest.POST("/review/decisions", "").header("Host", "workspace.example");
        headers.forEach(request::header);
        return request;
    }

    private static void assertRefused(Map<String, String> headers) {
        assertThatThrownBy(() -> Workspace.requireSameSite(request(headers))).as("%s", headers)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("cross-site"));
    }

    private static void assertAccepted(Map<String, String> headers) {
        Workspace.requireSameSite(request(headers));
    }
}
