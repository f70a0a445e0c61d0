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
  # before the service exists, so the report service can link to itself without a cycle.
  report_url = "https://report-function-${data.google_project.this.number}.${var.region}.run.app"

  # The Pub/Sub service agent: it signs the push requests' OIDC tokens and handles dead letters.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
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
