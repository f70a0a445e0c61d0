package com.returnsorter.inference;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Why a preprocessing profile is not sure the photo shows one garment it can classify. The category
 * and confidence are still given; a caller shows this beside them and the nightly run sends the
 * photo to {@code review/} whatever the confidence.
 *
 * @param reason  a stable code: {@link #BLANK_FRAME}, {@link #SEVERAL_OBJECTS}, {@link #OBJECT_TOO_SMALL}
 *                or {@link #CUT_OFF}
 * @param message what was seen, for people
 */
@Serdeable
public record Unsure(String reason, String message) {

    /** Nothing stands out from the background. */
    public static final String BLANK_FRAME = "blank-frame";
    /** Two or more garment-sized objects. */
    public static final String SEVERAL_OBJECTS = "several-objects";
    /** The object found is too small in the frame to be classified reliably. */
    public static final String OBJECT_TOO_SMALL = "object-too-small";
    /** The object is cut off by the frame. */
    public static final String CUT_OFF = "cut-off";

    public Unsure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
