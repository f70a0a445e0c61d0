package com.returnsorter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expressions terraform/ uses, in the JSON form hcl2json writes them in, evaluated. */
class TerraformValuesTest {

    // What @cdktf/hcl2json 0.21 makes of a small main.tf: expressions kept as "${...}" text; a conditional
    // inside a template becomes %{if}/%{else}/%{endif} directives.
    private static final String JSON = """
            {"main.tf": {
              "variable": {
                "project_id": [{"type": "${string}"}],
                "region": [{"type": "${string}", "default": "europe-west1"}],
                "threshold": [{"type": "${number}", "default": 0.70}],
                "emails": [{"type": "${list(string)}"}],
                "tag": [{"type": "${string}", "default": "sha256:abc"}],
                "model_uri": [{"type": "${string}", "default": ""}]
              },
              "locals": [{
                "base": "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}",
                "images": {"predict": "${local.base}/predict-function%{if startswith(var.tag, \\"sha256:\\")}@%{else}:%{endif}${var.tag}"},
                "env": {
                  "THRESHOLD": "${tostring(var.threshold)}",
                  "TO": "${join(\\",\\", var.emails)}",
                  "MODEL": "${var.model_uri != \\"\\" ? var.model_uri : \\"classpath:model/a.onnx\\"}",
                  "BUDGET": "${local.seconds}s",
                  "URL": "${google_cloud_run_v2_service.predict.uri}",
                  "SECRET": "${google_secret_manager_secret.secrets[\\"slack-webhook-url\\"].secret_id}"
                },
                "seconds": 480
              }],
              "resource": {
                "google_artifact_registry_repository": {"images": [{"repository_id": "return-sorter"}]},
                "google_cloud_run_v2_service": {"predict": [{"name": "predict-function"}]},
                "google_secret_manager_secret": {"secrets": [{"for_each": "${local.secret_readers}", "secret_id": "${each.key}"}]},
                "google_cloud_scheduler_job": {"nightly": [{"pubsub_target": [{"data": "${base64encode(jsonencode({ reason = \\"scheduled\\", at = 2 }))}"}]}]}
              }
            }}
            """;

    private final Terraform terraform;
    private final TerraformValues values;

    TerraformValuesTest() throws Exception {
        String json = JSON.replace("\"${local.secret_readers}\"", "{\"slack-webhook-url\": \"report\"}");
        terraform = Terraform.of(new ObjectMapper().readTree(json));
        values = new TerraformValues(terraform, Map.of("project_id", "p-1", "emails", List.of("a@x", "b@x")),
                (address, key, attribute) -> address.equals("google_cloud_run_v2_service.predict") && attribute.equals("uri")
                        ? "https://predict-function-h.a.run.app" : null);
    }

    @Test
    void evaluatesTemplatesDirectivesFunctionsConditionalsAndReferences() {
        assertThat(values.local("images")).isEqualTo(Map.of("predict",
                "europe-west1-docker.pkg.dev/p-1/return-sorter/predict-function@sha256:abc"));
        assertThat(values.local("env")).isEqualTo(Map.of(
                "THRESHOLD", "0.7",
                "TO", "a@x,b@x",
                "MODEL", "classpath:model/a.onnx",
                "BUDGET", "480s",
                "URL", "https://predict-function-h.a.run.app",
                "SECRET", "slack-webhook-url"));
        assertThat((BigDecimal) values.variable("threshold")).isEqualByComparingTo("0.7");
    }

    @Test
    void encodesAsTerraformDoes() {
        String data = values.string(terraform.resource("google_cloud_scheduler_job", "nightly").body()
                .get("pubsub_target").get(0).get("data"));
        assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8))
                .isEqualTo("{\"at\":2,\"reason\":\"scheduled\"}");
    }

    @Test
    void theImageNamesTheModule() {
        assertThat(TerraformValues.imageName("europe-west1-docker.pkg.dev/p/r/report-function:1.2")).isEqualTo("report-function");
        assertThat(TerraformValues.imageName("europe-west1-docker.pkg.dev/p/r/predict-function@sha256:ab")).isEqualTo("predict-function");
    }

    @Test
    void saysWhatItCannotEvaluate() {
        assertThatThrownBy(() -> new TerraformValues(terraform, Map.of("emails", List.of()), (a, k, at) -> null).variable("project_id"))
                .hasMessageContaining("var.project_id has no default");
        TerraformValues withoutUri = new TerraformValues(terraform, Map.of("project_id", "p", "emails", List.of()), (a, k, at) -> null);
        assertThatThrownBy(() -> withoutUri.local("env"))
                .hasMessageContaining("google_cloud_run_v2_service.predict.uri");
        assertThatThrownBy(() -> new TerraformValues(terraform, Map.of("nonsense", "x"), (a, k, at) -> null))
                .hasMessageContaining("var.nonsense");
    }
}
