package com.returnsorter.batch.api;

import com.returnsorter.batch.messaging.BatchPublisher;
import com.returnsorter.batch.run.RunEngine;
import com.returnsorter.batch.run.RunState;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import jakarta.validation.Valid;

import java.time.Clock;
import java.util.UUID;

/**
 * {@code POST /runs} starts a run now (through the same trigger message the scheduler sends);
 * {@code GET /runs/{runId}} shows its progress while it runs and its summary after. With
 * {@code batch.api-keys} configured, both need an {@code X-API-Key} (role {@code api}, docs/access-control.md);
 * on Cloud Run the service is private besides, so a caller also needs the invoker role.
 */
@Secured(Roles.API)
@Controller("/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunsController {

    private final RunEngine engine;
    private final RunViews views;
    private final BatchPublisher publisher;
    private final Clock clock;

    public RunsController(RunEngine engine, RunViews views, BatchPublisher publisher, Clock clock) {
        this.engine = engine;
        this.views = views;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Post(consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<RunView> start(@Nullable @Valid @Body RunRequest request) {
        RunRequest options = request == null ? RunRequest.DEFAULTS : request;
        String runId = RunIds.of(clock.instant(), UUID.randomUUID().toString());
        RunState queued = engine.queue(runId, options.maxItems(), options.isDryRun());
        publisher.publishTrigger(new BatchTrigger(TriggerReason.MANUAL, queued.getRequestedAt(), options.maxItems(),
                options.dryRun(), runId));
        return HttpResponse.<RunView>accepted().header("Location", "/runs/" + runId).body(views.of(queued));
    }

    @Get("/{runId}")
    public RunView show(@PathVariable String runId) {
        if (!RunIds.isValid(runId)) {
            throw new ApiException(400, "invalid-run-id", "a run id looks like 20261122_020000_ab12cd");
        }
        return engine.find(runId).map(views::of)
                .orElseThrow(() -> new ApiException(404, "run-not-found", "no run " + runId));
    }
}
