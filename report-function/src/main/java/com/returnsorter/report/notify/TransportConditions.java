package com.returnsorter.report.notify;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * The conditions of the local transports. A real transport requires its property with a non-blank value
 * ({@code @Requires(property = …, pattern = NON_BLANK)}); a local one must match exactly the remaining
 * cases — the property blank <em>or</em> absent — which {@code @Requires} alone cannot say, since a
 * {@code pattern} fails on an absent property.
 */
public final class TransportConditions {

    /** A value with at least one non-space character. */
    public static final String NON_BLANK = "(?s).*\\S.*";

    private TransportConditions() {
    }

    /** No Slack webhook URL: Slack messages go to local files. */
    public static final class SlackWebhookUnset implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return unset(context, SlackConfiguration.WEBHOOK_URL);
        }
    }

    /** No SMTP host: emails go to local files. */
    public static final class SmtpHostUnset implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return unset(context, EmailConfiguration.SMTP_HOST);
        }
    }

    private static boolean unset(ConditionContext<?> context, String property) {
        boolean unset = context.getProperty(property, String.class).filter(value -> !value.isBlank()).isEmpty();
        if (!unset) {
            context.fail(property + " is set");
        }
        return unset;
    }
}
