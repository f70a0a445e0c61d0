package com.returnsorter.report.api;

import com.returnsorter.report.history.RunRecord;
import com.returnsorter.reports.ResultsCsv;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The run list as CSV, with the cell rules of {@code results.csv} (quoting, formula guard). */
final class RunsCsv {

    static final String CONTENT_TYPE = "text/csv";
    static final String HEADER = "runId,status,trigger,dryRun,startedAt,finishedAt,durationSeconds,totalImages,"
            + "successful,failed,sorted,lowConfidence,rejected,leftInIncoming,successRate,model,errorMessage";

    private RunsCsv() {
    }

    static String write(List<RunRecord> runs) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (RunRecord run : runs) {
            csv.append(Stream.of(run.runId(), run.status().wireName(), run.trigger(), String.valueOf(run.dryRun()),
                            run.startedAt().toString(), run.finishedAt().toString(),
                            String.format(Locale.ROOT, "%.1f", run.durationSeconds()),
                            String.valueOf(run.totalImages()), String.valueOf(run.successful()),
                            String.valueOf(run.failed()), String.valueOf(run.sorted()),
                            String.valueOf(run.lowConfidence()), String.valueOf(run.rejected()),
                            String.valueOf(run.leftInIncoming()),
                            String.format(Locale.ROOT, "%.1f", run.successRate()),
                            run.model().name() + " " + run.model().version(), run.errorMessage())
                    .map(ResultsCsv::cellOf)
                    .collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }
}
