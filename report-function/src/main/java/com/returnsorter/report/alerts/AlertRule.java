package com.returnsorter.report.alerts;

import java.util.List;

/** The alert rules of DESIGN.md: id, severity and channels. Conditions are in {@link AlertRules}. */
public enum AlertRule {
    RUN_FAILED("run-failed", Severity.CRITICAL, Channel.EMAIL, Channel.SLACK),
    HIGH_ERROR_RATE("high-error-rate", Severity.ERROR, Channel.EMAIL, Channel.SLACK),
    LOW_CONFIDENCE("low-confidence", Severity.WARNING, Channel.SLACK),
    SLOW_RUN("slow-run", Severity.WARNING, Channel.SLACK),
    MISSED_RUN("missed-run", Severity.WARNING, Channel.EMAIL),
    REVIEW_BACKLOG("review-backlog", Severity.WARNING, Channel.EMAIL),
    LOW_CONFIDENCE_SHARE("low-confidence-share", Severity.WARNING, Channel.SLACK),
    CATEGORY_DRIFT("category-drift", Severity.WARNING, Channel.SLACK),
    LIVE_ACCURACY_DROP("live-accuracy-drop", Severity.ERROR, Channel.EMAIL, Channel.SLACK),
    RUN_SUMMARY("run-summary", Severity.INFO, Channel.SLACK);

    private final String id;
    private final Severity severity;
    private final List<Channel> channels;

    AlertRule(String id, Severity severity, Channel... channels) {
        this.id = id;
        this.severity = severity;
        this.channels = List.of(channels);
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public List<Channel> channels() {
        return channels;
    }

    public static AlertRule byId(String id) {
        for (AlertRule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("no alert rule '" + id + "'");
    }
}
