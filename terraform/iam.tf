# One service account per service, plus one that Pub/Sub uses to sign push requests. Every role is
# granted on the resource it concerns (in storage.tf, pubsub.tf, secrets.tf, run.tf), except
# Firestore's, which has no per-database IAM binding.

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
