package com.returnsorter.report.notify;

import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.Severity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmailMessageTest {

    @Test
    void subjectCarriesSeverityProductAndAlertSubject() {
        EmailMessage email = EmailMessage.of(Alerts.highErrorRate());

        assertThat(email.subject()).isEqualTo("[ERROR] Return Sorter – 12.0 % of the photos failed");
    }

    @Test
    void bothPartsCarryTheBatchFiguresCategoriesAndLinks() {
        EmailMessage email = EmailMessage.of(Alerts.highErrorRate());

        assertThat(email.text())
                .contains("30 of 250 photos failed (28 rejected, 2 left in incoming/).")
                .contains("Photos:         250")
                .contains("Success rate:   88.0 %")
                .contains("Failed:         30 (28 rejected, 2 left in incoming/)")
                .contains("Low confidence: 57 to review in review/")
                .contains("Duration:       12 min 30 s")
                .contains("Model:          fashion-mnist-cnn 1.2.0")
                .contains("  Dress: 90\n  Sneaker: 43\n  Bag: 40\n  Trouser: 40")
                .contains("Error: predict timed out for 2 photos")
                .contains("HTML report: " + Alerts.REPORT)
                .contains("Dashboard: " + Alerts.DASHBOARD)
                .contains("Run 20261122_020000_abc123 · scheduled · Sun 22 Nov 2026, 03:12 CET");
        assertThat(email.html())
                .contains("<b>250</b>", "<b>88.0 %</b>", "<b>12 min 30 s</b>", ">Dress</td>")
                .contains("href=\"" + Alerts.REPORT + "\"", "href=\"" + Alerts.DASHBOARD + "\"")
                .contains("predict timed out for 2 photos");
        assertThat(email.html().indexOf(">Dress<")).isLessThan(email.html().indexOf(">Sneaker<"));
    }

    @Test
    void recommendsActionsPerRule() {
        var failed = Alerts.notification("run-failed", Severity.CRITICAL, "Run failed",
                "The predict function could not be reached.",
                Alerts.run(RunStatus.FAILED, 0, 0, 0, Map.of(), "predict function not ready within 90 s"));

        assertThat(EmailMessage.of(failed).text())
                .contains("Recommended actions")
                .contains("GET /health")
                .contains("the photos are still in incoming/")
                .contains("POST /runs");
        assertThat(EmailMessage.of(Alerts.highErrorRate()).text()).contains("rejected/", "results.csv");
        assertThat(EmailMessage.of(Alerts.lowConfidence()).html())
                .contains("57 photos wait in review/&lt;Category&gt;/");
        assertThat(EmailMessage.of(Alerts.missedRun()).text()).contains("Cloud Scheduler job", "batch service");
    }

    @Test
    void missedRunHasNoBatchButTheDashboard() {
        EmailMessage email = EmailMessage.of(Alerts.missedRun());

        assertThat(email.subject()).isEqualTo("[WARNING] Return Sorter – No finished run in 36 h");
        assertThat(email.text()).doesNotContain("Batch\n", "HTML report").contains("Dashboard: " + Alerts.DASHBOARD)
                .contains("Alert 20261123-missed-run · Mon 23 Nov 2026, 16:00 CET");
        assertThat(email.html()).doesNotContain(">Batch<");
    }

    @Test
    void htmlEscapesEverythingUserDerived() {
        var run = Alerts.run(RunStatus.FAILED, 10, 10, 0, Map.of("<script>alert(1)</script>", 1),
                "bad \"quote\" & <b>bold</b>");
        var notification = Alerts.notification("run-failed", Severity.CRITICAL, "Run <failed>",
                "line one\n<img src=x onerror=alert(1)>", run);

        String html = EmailMessage.of(notification).html();

        assertThat(html).doesNotContain("<script>", "<img", "<b>bold</b>", "<failed>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("line one<br>\n&lt;img src=x onerror=alert(1)&gt;")
                // In text jte escapes & < > (quotes need no escaping outside attributes).
                .contains("bad \"quote\" &amp; &lt;b&gt;bold&lt;/b&gt;")
                .contains("<title>Run &lt;failed&gt;</title>");
    }

    @Test
    void subjectStaysOneHeaderLine() {
        var notification = Alerts.notification("slow-run", Severity.WARNING, "Slow\r\nBcc: someone@evil.example",
                "", Alerts.partialRun());

        assertThat(EmailMessage.of(notification).subject())
                .isEqualTo("[WARNING] Return Sorter – Slow Bcc: someone@evil.example");
    }

    @Test
    void theOtherAlertsOfTheEmailAreListed() {
        EmailMessage email = EmailMessage.of(Alerts.withRelated());
        assertThat(email.text()).contains("Also raised: [WARNING] 26.4 % of the photos of run " + Alerts.RUN_ID
                + " below the review threshold (low-confidence-share)");
        assertThat(email.html()).contains("26.4 % of the photos of run " + Alerts.RUN_ID + " below the review threshold");
    }
}
