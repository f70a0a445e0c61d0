package com.returnsorter.report.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Live accuracy over a set of reviewed photos.
 *
 * @param reviewed     decisions counted (approvals and corrections of a photo the model had classified)
 * @param modelRight   of those, the ones where the person filed the photo under the model's category
 * @param liveAccuracy modelRight / reviewed; null when nothing was reviewed
 * @param interval     the Wilson 95 % interval {@code [low, high]} of {@code liveAccuracy}; empty when nothing was reviewed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Accuracy(int reviewed, int modelRight, @Nullable Double liveAccuracy, List<Double> interval) {

    public static Accuracy of(int modelRight, int reviewed) {
        return new Accuracy(reviewed, modelRight, reviewed == 0 ? null : (double) modelRight / reviewed,
                Wilson.interval95(modelRight, reviewed));
    }
}
