# Project-wide pieces: the APIs the system uses, and names shared by the other files.

locals {
  bucket_name = var.bucket_name != "" ? var.bucket_name : "${var.project_id}-returns"

  # Artifact Registry path of the three images; a tag or a sha256 digest picks the version.
  image_base = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
  images = {
    predict = "${local.image_base}/${var.predict_image_name}${startswith(var.predict_image_tag, "sha256:") ? "@" : ":"}${var.predict_image_tag}"
    batch   = "${local.image_base}/batch-trigger-function${startswith(var.batch_image_tag, "sha256:") ? "@" : ":"}${var.batch_image_tag}"
    report  = "${local.image_base}/report-function${startswith(var.report_image_tag, "sha256:") ? "@" : ":"}${var.report_image_tag}"
  }

  # Cloud Run's deterministic URL (https://<service>-<project number>.<region>.run.app), known
  # before the service exists, so a service can name itself (its links, the audience its /push
  # accepts) without a cycle. The push subscriptions use the same expressions as audience.
  report_url        = "https://report-function-${data.google_project.this.number}.${var.region}.run.app"
  report_ingest_url = "https://report-ingest-${data.google_project.this.number}.${var.region}.run.app"
  batch_url         = "https://batch-trigger-function-${data.google_project.this.number}.${var.region}.run.app"

  # The aud claim of IAP's assertions for a Cloud Run service with IAP enabled (PUSH-AUTH contract).
  report_iap_audience = "/projects/${data.google_project.this.number}/locations/${var.region}/services/report-function"

  # The Pub/Sub service agent: it signs the push requests' OIDC tokens and handles dead letters.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  # IAP's service agent: it invokes the IAP-protected report service after a person signed in.
  iap_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-iap.iam.gserviceaccount.com"
  # Cloud Monitoring's service agent: uptime checks with service_agent_authentication call as it.
  monitoring_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-monitoring-notification.iam.gserviceaccount.com"
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudscheduler.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iap.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ])

  project = var.project_id
  service = each.value

  # Turning an API off would break anything else in the project that uses it.
  disable_on_destroy = false
}
