package com.returnsorter.pages.email;

import com.returnsorter.pages.Layout;
import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * The model of {@code email/alert.jte}, the HTML part of an alert email: what happened, the batch's figures,
 * its categories and problems, the recommended actions and links. One centred table, the stylesheet in the
 * head — what mail clients keep. Built by report-function's {@code EmailMessage}.
 *
 * @param layout     a {@linkplain Layout#document(String) document} titled with the alert's subject
 * @param severity   e.g. {@code ERROR}
 * @param kind       the severity as CSS class ({@code critical}, {@code error}, {@code warning}, {@code info})
 * @param subject    the alert's subject
 * @param message    the alert's message, line by line; empty for none
 * @param figures    the batch's figures; empty when the alert has no run
 * @param categories category → count, largest first; empty when none
 * @param problems   the run's error and items note; empty when none
 * @param actions    what to do, in order
 * @param links      report and dashboard
 * @param footer     run or alert, and when
 */
@Introspected
public record AlertEmail(
        Layout layout,
        String severity,
        String kind,
        String subject,
        List<String> message,
        List<Fact> figures,
        List<Fact> categories,
        List<Problem> problems,
        List<String> actions,
        List<Link> links,
        String footer) {

    public record Fact(String label, String value) {
    }

    /** A heading and its text, line by line. */
    public record Problem(String label, List<String> lines) {
    }

    public record Link(String label, String url) {
    }
}
