# Secret Manager secrets. Terraform creates the secrets and who may read them; their values are
# added by the operator (docs/deployment.md, step 6), so no secret ever lands in the state.
# A value that is only a newline switches the feature off (blank is "not configured" in the services).

locals {
  # secret id => the service account that reads it
  secrets = {
    "slack-webhook-url"     = google_service_account.report.member
    "smtp-password"         = google_service_account.report.member
    "report-api-keys"       = google_service_account.report.member
    "workspace-predict-key" = google_service_account.report.member
    "predict-api-keys"      = google_service_account.predict.member
    "predict-internal-key"  = google_service_account.batch.member
    "batch-api-keys"        = google_service_account.batch.member
  }
}

resource "google_secret_manager_secret" "secrets" {
  for_each = local.secrets

  secret_id = each.key

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "accessors" {
  for_each = local.secrets

  secret_id = google_secret_manager_secret.secrets[each.key].id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value
}
