package com.returnsorter.report.history;

/** The history store could not be read or written (Firestore unavailable, SQLite locked or broken). */
public class HistoryUnavailableException extends RuntimeException {

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
