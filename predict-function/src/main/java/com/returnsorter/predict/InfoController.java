package com.returnsorter.predict;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.returnsorter.inference.ImageClassifier;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.ModelManager;
import com.returnsorter.predict.stats.RequestStats;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health}, {@code /classes}, {@code /version}, {@code /stats} and the index {@code /}. */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
public class InfoController {

    private final ModelManager models;
    private final PredictionService predictions;
    private final RequestStats stats;
    private final BuildInfo build;
    private final StoreProbe storeProbe;

    public InfoController(ModelManager models, PredictionService predictions, RequestStats stats, BuildInfo build,
                          StoreProbe storeProbe) {
        this.storeProbe = storeProbe;
        this.models = models;
        this.predictions = predictions;
        this.stats = stats;
        this.build = build;
    }

    /**
     * 200 once the model is loaded and warmed up and the object store answers; 503 while loading,
     * after a failed load, or while the store does not answer (object requests would fail).
     */
    @Get("/health")
    public HttpResponse<Health> health() {
        ModelManager.State state = models.state();
        PredictionResponse.ModelInfo model = models.classifier().map(c -> PredictionService.modelInfo(c.card())).orElse(null);
        boolean storeReachable = storeProbe.reachable();
        String status = switch (state) {
            case READY -> storeReachable ? "healthy" : "degraded";
            case LOADING -> "loading";
            case FAILED -> "unhealthy";
        };
        String error = models.failure().orElse(storeReachable ? null : "the object store does not answer; {\"object\": key} requests fail");
        boolean healthy = state == ModelManager.State.READY && storeReachable;
        Health health = new Health(status, state == ModelManager.State.READY, stats.uptimeSeconds(), build.version(),
                Instant.now().toString(), model, storeReachable ? "ok" : "unreachable", error);
        return HttpResponse.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(health);
    }

    @Get("/classes")
    public Classes classes() {
        ImageClassifier classifier = predictions.ready();
        List<String> labels = classifier.card().labels();
        return new Classes(labels, labels.size(), PredictionService.modelInfo(classifier.card()));
    }

    @Get("/version")
    public Version version() {
        ModelCard card = predictions.ready().card();
        Double accuracy = card.evaluation() == null ? null : card.evaluation().accuracy();
        return new Version("predict-function", build.version(),
                new VersionModel(card.name(), card.version(), card.sha256(), card.preprocessing().profile(), accuracy),
                Runtime.version().toString(), build.onnxRuntimeVersion());
    }

    @Get("/stats")
    public RequestStats.Snapshot stats() {
        return stats.snapshot();
    }

    @Get
    public Index index() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /predict", "classify one photo: multipart 'file', a raw image body, or JSON {\"object\": \"<key>\"}");
        endpoints.put("POST /predict_batch", "classify up to 50 photos: multipart 'files'");
        endpoints.put("GET /health", "readiness: 200 once the model is loaded, else 503");
        endpoints.put("GET /classes", "the labels the model can answer");
        endpoints.put("GET /version", "service and model versions");
        endpoints.put("GET /stats", "request counts, latency percentiles, predictions by category");
        return new Index("Return Sorter predict-function", build.version(),
                "Classifies photos of returned fashion items into product categories.", endpoints);
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, boolean model_loaded, long uptime_seconds, String version, String timestamp,
                         @Nullable PredictionResponse.ModelInfo model, String store, @Nullable String error) {
    }

    @Serdeable
    public record Classes(List<String> classes, int count, PredictionResponse.ModelInfo model) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(String service, String version, VersionModel model, String java, String onnxruntime) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionModel(String name, String version, @Nullable String sha256, String preprocessing,
                               @Nullable Double held_out_accuracy) {
    }

    @Serdeable
    public record Index(String service, String version, String description, Map<String, String> endpoints) {
    }
}
