package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.reports.HtmlText;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as an email: a subject, a plain-text part and an HTML part with the same content — what
 * happened, the batch's figures, its categories and problems, the recommended actions and links.
 *
 * @param alertId the alert, also sent as the {@value #ALERT_HEADER} header so mail rules can sort by it
 * @param subject {@code [SEVERITY] Return Sorter – <alert subject>}
 * @param text    the plain-text part
 * @param html    the HTML part: tables and inline styles, which mail clients keep; every value escaped
 */
public record EmailMessage(String alertId, String subject, String text, String html) {

    public static final String ALERT_HEADER = "X-Return-Sorter-Alert";

    public static EmailMessage of(Notification notification) {
        AlertRecord alert = notification.alert();
        RunRecord run = notification.run();
        String subject = oneLine("[" + alert.severity().wireName() + "] Return Sorter – " + alert.subject());
        Map<String, String> figures = run == null ? Map.of() : figures(run);
        List<Map.Entry<String, Integer>> categories = run == null ? List.of() : Figures.categories(run);
        Map<String, String> problems = problems(run);
        List<String> actions = RecommendedActions.forRule(alert.rule(), run);
        Map<String, String> links = new LinkedHashMap<>();
        if (notification.reportUrl() != null) {
            links.put("HTML report", notification.reportUrl());
        }
        links.put("Dashboard", notification.dashboardUrl());
        String footer = footer(notification);
        return new EmailMessage(alert.alertId(), subject,
                text(alert, figures, categories, problems, actions, links, footer),
                html(notification, figures, categories, problems, actions, links, footer));
    }

    /**
     * The MIME message the SMTP transport sends and the local transport writes: {@code multipart/alternative}
     * with the text part first and the HTML part last (clients show the last part they can read).
     */
    public MimeMessage toMimeMessage(Session session, String from, List<String> to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from, true));
        List<InternetAddress> recipients = new ArrayList<>();
        for (String recipient : to) {
            recipients.add(new InternetAddress(recipient.strip(), true));
        }
        message.setRecipients(Message.RecipientType.TO, recipients.toArray(InternetAddress[]::new));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader(ALERT_HEADER, alertId);

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static Map<String, String> figures(RunRecord run) {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("Photos", String.valueOf(run.totalImages()));
        figures.put("Success rate", Figures.percent(run.successRate()));
        figures.put("Sorted", String.valueOf(run.sorted()));
        figures.put("Failed", Figures.failed(run));
        figures.put("Low confidence", Figures.lowConfidence(run));
        figures.put("Duration", Figures.duration(run.durationSeconds()));
        figures.put("Status", Figures.status(run));
        figures.put("Model", Figures.model(run));
        return figures;
    }

    private static Map<String, String> problems(RunRecord run) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (run != null && run.errorMessage() != null && !run.errorMessage().isBlank()) {
            problems.put("Error", run.errorMessage());
        }
        if (run != null && run.itemsNote() != null && !run.itemsNote().isBlank()) {
            problems.put("Items", run.itemsNote());
        }
        return problems;
    }

    private static String footer(Notification notification) {
        String when = Figures.time(Figures.when(notification), notification.timeZone());
        RunRecord run = notification.run();
        if (run == null) {
            return "Alert " + notification.alert().alertId() + " · " + when;
        }
        return "Run " + run.runId() + " · " + run.trigger() + (run.dryRun() ? " · dry run" : "") + " · " + when;
    }

    private static String text(AlertRecord alert, Map<String, String> figures,
                               List<Map.Entry<String, Integer>> categories, Map<String, String> problems,
                               List<String> actions, Map<String, String> links, String footer) {
        StringBuilder text = new StringBuilder();
        text.append('[').append(alert.severity().wireName()).append("] ").append(alert.subject()).append("\n\n");
        if (alert.message() != null && !alert.message().isBlank()) {
            text.append(alert.message().strip()).append("\n\n");
        }
        if (!figures.isEmpty()) {
            text.append("Batch\n");
            figures.forEach((label, value) -> text.append(String.format("  %-16s%s\n", label + ":", value)));
            text.append('\n');
        }
        if (!categories.isEmpty()) {
            text.append("Categories\n");
            categories.forEach(category ->
                    text.append("  ").append(category.getKey()).append(": ").append(category.getValue()).append('\n'));
            text.append('\n');
        }
        problems.forEach((label, value) -> text.append(label).append(": ").append(value.strip()).append("\n\n"));
        text.append("Recommended actions\n");
        for (int i = 0; i < actions.size(); i++) {
            text.append("  ").append(i + 1).append(". ").append(actions.get(i)).append('\n');
        }
        text.append('\n');
        links.forEach((label, url) -> text.append(label).append(": ").append(url).append('\n'));
        text.append('\n').append(footer).append('\n');
        return text.toString();
    }

    private static final String CELL = "padding:4px 16px 4px 0;color:#57606a;vertical-align:top;";
    private static final String VALUE = "padding:4px 0;vertical-align:top;";
    private static final String HEADING = "font-size:15px;margin:20px 0 8px 0;color:#1f2328;";

    private static String html(Notification notification, Map<String, String> figures,
                               List<Map.Entry<String, Integer>> categories, Map<String, String> problems,
                               List<String> actions, Map<String, String> links, String footer) {
        AlertRecord alert = notification.alert();
        String colour = Figures.colour(alert.severity());
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(alert.subject())).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background:#f4f5f7;\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
                .append("style=\"background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328;\">")
                .append("<tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
                .append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" ")
                .append("style=\"width:100%;max-width:600px;background:#ffffff;border:1px solid #d0d7de;")
                .append("border-top:6px solid ").append(colour).append(";\">\n")
                .append("<tr><td style=\"padding:20px 24px 0 24px;font-size:20px;font-weight:bold;\">")
                .append("<span style=\"background:").append(colour).append(";color:#ffffff;font-size:12px;")
                .append("padding:3px 8px;border-radius:3px;vertical-align:middle;\">")
                .append(alert.severity().wireName()).append("</span> ")
                .append(escape(alert.subject())).append("</td></tr>\n")
                .append("<tr><td style=\"padding:12px 24px 24px 24px;font-size:14px;line-height:1.5;\">\n");
        if (alert.message() != null && !alert.message().isBlank()) {
            html.append("<p style=\"margin:0;\">").append(multiline(alert.message().strip())).append("</p>\n");
        }
        if (!figures.isEmpty()) {
            html.append("<h2 style=\"").append(HEADING).append("\">Batch</h2>\n")
                    .append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" ")
                    .append("style=\"border-collapse:collapse;font-size:14px;\">\n");
            figures.forEach((label, value) -> html.append("<tr><td style=\"").append(CELL).append("\">")
                    .append(escape(label)).append("</td><td style=\"").append(VALUE).append("\"><b>")
                    .append(escape(value)).append("</b></td></tr>\n"));
            html.append("</table>\n");
        }
        if (!categories.isEmpty()) {
            html.append("<h2 style=\"").append(HEADING).append("\">Categories</h2>\n")
                    .append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" ")
                    .append("style=\"border-collapse:collapse;font-size:14px;\">\n");
            categories.forEach(category -> html.append("<tr><td style=\"").append(CELL).append("\">")
                    .append(escape(category.getKey())).append("</td><td style=\"").append(VALUE)
                    .append("text-align:right;\">").append(category.getValue()).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        problems.forEach((label, value) -> html.append("<h2 style=\"").append(HEADING).append("\">")
                .append(escape(label)).append("</h2>\n")
                .append("<p style=\"margin:0;padding:8px 12px;background:#fff8f0;border-left:3px solid ")
                .append(colour).append(";\">").append(multiline(value.strip())).append("</p>\n"));
        html.append("<h2 style=\"").append(HEADING).append("\">Recommended actions</h2>\n")
                .append("<ol style=\"margin:0;padding-left:20px;\">\n");
        actions.forEach(action -> html.append("<li style=\"margin-bottom:6px;\">").append(escape(action))
                .append("</li>\n"));
        html.append("</ol>\n<p style=\"margin:20px 0 0 0;\">");
        links.forEach((label, url) -> html.append("<a href=\"").append(escape(url)).append("\" ")
                .append("style=\"display:inline-block;margin:0 8px 8px 0;padding:8px 14px;background:#0969da;")
                .append("color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;\">")
                .append(escape(label)).append("</a>"));
        html.append("</p>\n</td></tr>\n")
                .append("<tr><td style=\"padding:12px 24px;font-size:12px;color:#57606a;")
                .append("border-top:1px solid #d0d7de;\">")
                .append(escape(footer)).append("<br>Return Sorter · report-function</td></tr>\n")
                .append("</table>\n</td></tr></table>\n</body></html>\n");
        return html.toString();
    }

    static String escape(String text) {
        return HtmlText.escape(text);
    }

    private static String multiline(String text) {
        return escape(text).replace("\r\n", "\n").replace("\n", "<br>\n");
    }

    /** A subject is one header line: line breaks in a rule's wording must not start a new header. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
