output "predict_url" {
  description = "HTTPS address of the predict service (POST /predict)."
  value       = google_cloud_run_v2_service.predict.uri
}

output "batch_url" {
  description = "HTTPS address of the batch service (POST /runs starts a run by hand)."
  value       = google_cloud_run_v2_service.batch.uri
}

output "report_url" {
  description = "HTTPS address of the people-facing report service, behind Identity-Aware Proxy (pages, read API)."
  value       = google_cloud_run_v2_service.report.uri
}

output "report_ingest_url" {
  description = "HTTPS address of report-ingest, the private receiver of batch-completed and watchdog pushes."
  value       = google_cloud_run_v2_service.report_ingest.uri
}

output "dashboard_url" {
  description = "The dashboard; staff in dashboard_viewers sign in with their Google account (IAP)."
  value       = "${google_cloud_run_v2_service.report.uri}/dashboard"
}

output "returns_bucket" {
  description = "Bucket the returns department uploads to (under incoming/)."
  value       = google_storage_bucket.returns.name
}

output "image_repository" {
  description = "Artifact Registry path the images are pushed to."
  value       = local.image_base
}

output "topics" {
  description = "Pub/Sub topics by role."
  value = {
    batch_trigger   = google_pubsub_topic.batch_trigger.name
    batch_completed = google_pubsub_topic.batch_completed.name
    watchdog        = google_pubsub_topic.watchdog.name
    dead_letter     = google_pubsub_topic.dead_letter.name
  }
}

output "dead_letter_subscription" {
  description = "Pull subscription that keeps dead-lettered messages for a week."
  value       = google_pubsub_subscription.dead_letter.name
}

output "service_accounts" {
  description = "Runtime identities of the services and of the push requests."
  value = {
    predict     = google_service_account.predict.email
    batch       = google_service_account.batch.email
    report      = google_service_account.report.email
    pubsub_push = google_service_account.pubsub_push.email
    builder     = google_service_account.builder.email
    deployer    = google_service_account.deployer.email
  }
}

output "scheduler_jobs" {
  description = "Cloud Scheduler jobs (gcloud scheduler jobs run <name> --location <region> fires one now)."
  value = {
    nightly  = google_cloud_scheduler_job.nightly.name
    watchdog = google_cloud_scheduler_job.watchdog.name
  }
}

output "secrets" {
  description = "Secret Manager secrets whose values the operator adds (docs/deployment.md, step 6)."
  value       = [for s in google_secret_manager_secret.secrets : s.secret_id]
}

output "build_sources_bucket" {
  description = "Bucket for the source of builds started by hand (gcloud builds submit --gcs-source-staging-dir=gs://<this>/source)."
  value       = google_storage_bucket.build_sources.name
}

output "monitoring_dashboard" {
  description = "Resource name of the Cloud Monitoring dashboard (Monitoring > Dashboards > Return Sorter)."
  value       = google_monitoring_dashboard.operations.id
}
