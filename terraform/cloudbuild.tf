# Two builds, two identities (docs/deployment.md, "The two builds"):
#   cloudbuild.yaml         as builder:  tests, images, pushed by digest; no deploy rights
#   cloudbuild-deploy.yaml  as deployer: started by the first build's success; terraform apply with
#                           the digests that Cloud Build itself recorded for that build, smoke test
# The deploy build runs no project code (no Maven, no npm, no Docker build), so nothing the tests
# pull in ever runs with the deployer's rights.

# Cloud Build publishes every build's status here (the topic name is fixed by Cloud Build).
resource "google_pubsub_topic" "cloud_builds" {
  name = "cloud-builds"

  depends_on = [google_project_service.apis]
}

# Source of builds started by hand (gcloud builds submit --gcs-source-staging-dir=gs://<this>/source).
resource "google_storage_bucket" "build_sources" {
  name     = "${var.project_id}-build-sources"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  lifecycle_rule {
    condition {
      age = 14
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_iam_member" "builder_reads_sources" {
  bucket = google_storage_bucket.build_sources.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.builder.member
}

resource "google_artifact_registry_repository_iam_member" "builder_pushes_images" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = google_service_account.builder.member
}

locals {
  github_connected = var.github_repository != ""
  github_owner     = split("/", var.github_repository)[0]
  github_name      = local.github_connected ? split("/", var.github_repository)[1] : ""
  github_uri       = "https://github.com/${var.github_repository}"
}

# Every push to the branch: tests and images, as builder.
resource "google_cloudbuild_trigger" "test_and_images" {
  count = local.github_connected ? 1 : 0

  name            = "return-sorter-test-and-images"
  description     = "cloudbuild.yaml: tests and images (no deploy rights)"
  service_account = google_service_account.builder.id
  filename        = "cloudbuild.yaml"

  github {
    owner = local.github_owner
    name  = local.github_name
    push {
      branch = "^${var.github_branch}$"
    }
  }

  substitutions = {
    _REGION    = var.region
    _IMAGE_TAG = "$SHORT_SHA"
  }
}

# That build's success: deploy, as deployer. Cloud Build's status message carries the build; the
# deploy build checks the build again through the Cloud Build API before it trusts anything.
resource "google_cloudbuild_trigger" "deploy" {
  count = local.github_connected ? 1 : 0

  name            = "return-sorter-deploy"
  description     = "cloudbuild-deploy.yaml after a successful return-sorter-test-and-images build"
  service_account = google_service_account.deployer.id

  pubsub_config {
    topic = google_pubsub_topic.cloud_builds.id
  }

  source_to_build {
    uri       = local.github_uri
    ref       = "refs/heads/${var.github_branch}"
    repo_type = "GITHUB"
  }

  git_file_source {
    path      = "cloudbuild-deploy.yaml"
    uri       = local.github_uri
    revision  = "refs/heads/${var.github_branch}"
    repo_type = "GITHUB"
  }

  substitutions = {
    _SOURCE_BUILD_ID   = "$(body.message.data.id)"
    _SOURCE_STATUS     = "$(body.message.data.status)"
    _SOURCE_TRIGGER_ID = "$(body.message.data.buildTriggerId)"
    _REGION            = var.region
    _TF_STATE_BUCKET   = "${var.project_id}-tfstate"
  }

  filter = "_SOURCE_STATUS == \"SUCCESS\" && _SOURCE_TRIGGER_ID == \"${google_cloudbuild_trigger.test_and_images[0].trigger_id}\""
}
