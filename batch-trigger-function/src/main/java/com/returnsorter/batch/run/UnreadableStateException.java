package com.returnsorter.batch.run;

/**
 * An object under {@code state/} that this version cannot read: not JSON, not the expected shape, or
 * written by a newer schema. It is never fatal to anything but itself: the object is logged at ERROR
 * and left where it is (a newer version may still need it), and every other run, claim and chunk
 * carries on.
 */
public class UnreadableStateException extends RuntimeException {

    private final String key;

    public UnreadableStateException(String key, String reason, Throwable cause) {
        super("unreadable batch state " + key + ": " + reason, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
