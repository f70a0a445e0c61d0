package com.returnsorter.predict;

import io.micronaut.context.exceptions.BeanContextException;

/** Turns a start-up failure, usually several wrapped exceptions, into the one sentence that says what to fix. */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The innermost message that is not just Micronaut's bean-creation wrapper, on one line. */
    static String reason(Throwable failure) {
        Throwable chosen = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !(t instanceof BeanContextException && t.getCause() != null)) {
                chosen = t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = chosen.getMessage() == null ? chosen.getClass().getSimpleName() : chosen.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
