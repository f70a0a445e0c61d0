package com.returnsorter.report.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /quality}: how often the model was right on the photos people reviewed (docs/quality.md).
 *
 * @param from         start of the period (inclusive)
 * @param to           end of the period (exclusive)
 * @param days         its length
 * @param reviewed     approvals and corrections of photos the model had classified
 * @param modelRight   of those, where the person kept the model's category
 * @param liveAccuracy modelRight / reviewed; null when nothing was reviewed
 * @param interval     Wilson 95 % interval of liveAccuracy; empty when nothing was reviewed
 * @param excluded     decisions not counted, by reason: {@code rejected} (a reject says nothing about the
 *                     category) and {@code noPrediction} (a photo the model never classified, from rejected/)
 * @param byCategory   the same figures per category the model said, categories in name order
 * @param byWeek       the same figures per ISO week of the decision ({@code 2026-W42}, the report's zone), oldest first
 * @param confusion    model said X, person said Y, with how often; most frequent first (X = Y are the approvals)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QualityReport(
        Instant from,
        Instant to,
        int days,
        int reviewed,
        int modelRight,
        @Nullable Double liveAccuracy,
        List<Double> interval,
        Map<String, Integer> excluded,
        Map<String, Accuracy> byCategory,
        Map<String, Accuracy> byWeek,
        List<Confusion> confusion) {

    /** One cell of the reviewers' confusion table. */
    @Serdeable
    public record Confusion(String model, String person, int count) {
    }

    public Accuracy overall() {
        return new Accuracy(reviewed, modelRight, liveAccuracy, interval);
    }
}
