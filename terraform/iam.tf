# One service account per service, plus one that Pub/Sub uses to sign push requests. Every role is
# granted on the resource it concerns (in storage.tf, pubsub.tf, secrets.tf, run.tf), except
# Firestore's, which has no per-database IAM binding, and writing metrics, which has none at all.

resource "google_service_account" "predict" {
  account_id   = "predict-function"
  display_name = "Return Sorter predict service"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "batch" {
  account_id   = "batch-trigger-function"
  display_name = "Return Sorter nightly batch service"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "report" {
  account_id   = "report-function"
  display_name = "Return Sorter report service"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "pubsub_push" {
  account_id   = "pubsub-push"
  display_name = "Identity of Pub/Sub push requests to the Return Sorter services"

  depends_on = [google_project_service.apis]
}

# Pub/Sub mints the push requests' OIDC tokens as pubsub-push.
resource "google_service_account_iam_member" "pubsub_agent_mints_push_tokens" {
  service_account_id = google_service_account.pubsub_push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

# The report service signs the upload page's V4 signed URLs as itself: on Cloud Run its credentials
# (ComputeEngineCredentials) sign through the IAM Credentials API's signBlob, which needs
# iam.serviceAccounts.signBlob on the account. Granted on the account itself, never on the project.
resource "google_service_account_iam_member" "report_signs_upload_urls" {
  service_account_id = google_service_account.report.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = google_service_account.report.member
}

# Firestore grants only at project level; the condition narrows it to the one database.
resource "google_project_iam_member" "report_firestore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.report.member

  condition {
    title      = "return-sorter-database-only"
    expression = "resource.name.startsWith(\"${google_firestore_database.history.id}\")"
  }
}

# Each service writes its meters to Cloud Monitoring (Micrometer's Stackdriver registry in the gcp
# environment, docs/operations.md). Writing time series has no resource-level binding: metricWriter is
# granted on the project, and only to the three service accounts. It writes metrics; it reads nothing.
resource "google_project_iam_member" "metric_writers" {
  for_each = local.metric_writers

  project = var.project_id
  role    = "roles/monitoring.metricWriter"
  member  = each.value
}

locals {
  metric_writers = {
    predict = google_service_account.predict.member
    batch   = google_service_account.batch.member
    report  = google_service_account.report.member
  }
}

# --- The two build identities (cloudbuild.tf) ----------------------------------------------------

# builder runs cloudbuild.yaml: the whole test suite (third-party plugins, test code) and the image
# builds. It holds no project role but writing its own log lines; on resources only: push images to
# the repository and read the uploaded source (cloudbuild.tf). It cannot deploy, read a secret, act
# as another account or change IAM. The build's CloudBuildChecksTest fails on any other grant.
resource "google_service_account" "builder" {
  account_id   = "return-sorter-builder"
  display_name = "Return Sorter tests and images (Cloud Build, no deploy rights)"

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "builder_writes_build_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.builder.member
}

# deployer runs cloudbuild-deploy.yaml: terraform apply and the smoke test, no project code. These
# roles administer the project's resources and are project-level by nature. The first apply is made
# by a person with Owner (docs/deployment.md, step 5); from then on the deployer keeps them itself.
resource "google_service_account" "deployer" {
  account_id   = "return-sorter-deployer"
  display_name = "Return Sorter deployer (terraform apply in cloudbuild-deploy.yaml)"

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "deployer_roles" {
  for_each = toset(local.deployer_roles)

  project = var.project_id
  role    = each.value
  member  = google_service_account.deployer.member
}

locals {
  deployer_roles = [
    "roles/run.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/resourcemanager.projectIamAdmin",
    "roles/storage.admin",
    "roles/pubsub.admin",
    "roles/cloudscheduler.admin",
    "roles/datastore.owner",
    "roles/secretmanager.admin",
    "roles/artifactregistry.admin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/iap.admin",
    "roles/monitoring.editor",
    "roles/logging.configWriter",
    "roles/cloudbuild.builds.editor",
    "roles/logging.logWriter",
  ]
}
