package com.returnsorter.inference;

/**
 * The bytes cannot be classified, for a reason that lies in the bytes themselves: retrying the
 * same bytes gives the same answer. The batch moves such objects to {@code rejected/}; the HTTP
 * API answers with the status of {@link Reason#httpStatus()}.
 */
public final class ImageRejectedException extends Exception {

    /** Why an image was rejected, with the HTTP status the predict API answers for it. */
    public enum Reason {
        EMPTY(400),
        NOT_AN_IMAGE(400),
        CORRUPT(400),
        UNSUPPORTED_FORMAT(415),
        TOO_MANY_PIXELS(413),
        TOO_LARGE(413),
        /** Decoding took longer than its deadline and was stopped (a decoding-time attack, e.g. thousands of JPEG scans). */
        DECODE_TIMEOUT(413);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The lower-case, hyphenated code used in reports and JSON errors, e.g. {@code not-an-image}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
