# Cloud Scheduler publishes the nightly trigger and the hourly watchdog check. With a Pub/Sub target
# the Scheduler's own service agent publishes; the OIDC hop is the push subscription's.

resource "google_cloud_scheduler_job" "nightly" {
  name        = "return-sorter-nightly"
  description = "Starts the nightly sort of incoming/ (topic batch-trigger)."
  region      = var.region
  schedule    = var.schedule
  time_zone   = var.time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.batch_trigger.id
    data       = base64encode(jsonencode({ reason = "scheduled" }))
  }

  retry_config {
    retry_count = 3
  }

  depends_on = [google_project_service.apis]
}

resource "google_cloud_scheduler_job" "watchdog" {
  name        = "return-sorter-watchdog"
  description = "Hourly check for a missed nightly run (topic watchdog)."
  region      = var.region
  schedule    = "0 * * * *"
  time_zone   = var.time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.watchdog.id
    data       = base64encode(jsonencode({ check = "missed-run" }))
  }

  depends_on = [google_project_service.apis]
}
