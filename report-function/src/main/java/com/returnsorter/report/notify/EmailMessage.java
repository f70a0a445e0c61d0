package com.returnsorter.report.notify;

import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Pages;
import com.returnsorter.pages.email.AlertEmail;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.history.RunRecord;
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
import java.util.Locale;
import java.util.Map;

/**
 * An alert as an email: a subject, a plain-text part and an HTML part with the same content — what
 * happened, the batch's figures, its categories and problems, the recommended actions and links.
 *
 * @param alertId the alert, also sent as the {@value #ALERT_HEADER} header so mail rules can sort by it
 * @param subject {@code [SEVERITY] Return Sorter – <alert subject>}
 * @param text    the plain-text part
 * @param html    the HTML part, rendered from the {@code email/alert} template of module pages: one centred table and
 *                the project's stylesheet in the head; every value escaped by the template
 */
public record EmailMessage(String alertId, String subject, String text, String html) {

    public static final String ALERT_HEADER = "X-Return-Sorter-Alert";
    /** The template of the HTML part. */
    public static final String VIEW = "email/alert";

    public static EmailMessage of(Notification notification) {
        AlertRecord alert = notification.alert();
        RunRecord run = notification.run();
        String subject = oneLine("[" + alert.severity().wireName() + "] Return Sorter – " + alert.subject());
        Map<String, String> figures = run == null ? Map.of() : figures(run);
        List<Map.Entry<String, Integer>> categories = run == null ? List.of() : Figures.categories(run);
        Map<String, String> problems = problems(run);
        if (!notification.related().isEmpty()) {
            // The other alerts of the same event on this channel: one email, but none of them unseen.
            problems.put("Also raised", notification.related().stream()
                    .map(other -> "[" + other.severity().wireName() + "] " + other.subject() + " (" + other.rule() + ")")
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
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

    private static String html(Notification notification, Map<String, String> figures,
                               List<Map.Entry<String, Integer>> categories, Map<String, String> problems,
                               List<String> actions, Map<String, String> links, String footer) {
        AlertRecord alert = notification.alert();
        String message = alert.message() == null ? "" : alert.message().strip();
        AlertEmail model = new AlertEmail(Layout.document(alert.subject()), alert.severity().wireName(),
                alert.severity().wireName().toLowerCase(Locale.ROOT), alert.subject(),
                message.isEmpty() ? List.of() : lines(message),
                figures.entrySet().stream().map(e -> new AlertEmail.Fact(e.getKey(), e.getValue())).toList(),
                categories.stream().map(e -> new AlertEmail.Fact(e.getKey(), String.valueOf(e.getValue()))).toList(),
                problems.entrySet().stream().map(e -> new AlertEmail.Problem(e.getKey(), lines(e.getValue().strip()))).toList(),
                actions,
                links.entrySet().stream().map(e -> new AlertEmail.Link(e.getKey(), e.getValue())).toList(),
                footer);
        return Pages.render(VIEW, model);
    }

    private static List<String> lines(String text) {
        return List.of(text.replace("\r\n", "\n").split("\n", -1));
    }

    /** A subject is one header line: line breaks in a rule's wording must not start a new header. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
