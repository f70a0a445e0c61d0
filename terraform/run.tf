# The three Cloud Run services. Each reads its settings from environment variables (the services'
# application.yml files name them); every variable a service reads is set here, and only those,
# except the few that exist only for local mode (listed in the build's TerraformChecksTest with
# the reason each is unused on Cloud Run). PORT is set by Cloud Run itself.

locals {
  # Micronaut's environment on Cloud Run (it deduces none there by itself); run-local uses "local".
  micronaut_environments = "gcp"

  predict_env = {
    # The gcp environment: the meters go to Cloud Monitoring (docs/operations.md, "Metrics").
    MICRONAUT_ENVIRONMENTS = local.micronaut_environments
    # The project the meters are written to.
    GOOGLE_CLOUD_PROJECT = var.project_id
    # One JSON object per log line, with the fields Cloud Logging reads (logback.xml).
    LOG_FORMAT                  = "JSON"
    LOG_LEVEL                   = var.log_level
    STORAGE_KIND                = "gcs"
    RETURNS_BUCKET              = google_storage_bucket.returns.name
    MODEL_URI                   = var.model_uri != "" ? var.model_uri : "classpath:model/fashion-mnist-cnn.onnx"
    MODEL_CARD_URI              = var.model_card_uri
    MAX_IMAGE_PIXELS            = "40000000"
    ORT_INTRA_OP_THREADS        = "1"
    INFERENCE_MAX_BATCH         = "16"
    INFERENCE_THREADS           = "2"
    IN_FLIGHT_BODY_BUDGET_MB    = "32"
    RATE_LIMIT_ENABLED          = "true"
    RATE_LIMIT_PREDICT_PER_HOUR = "100"
    RATE_LIMIT_BATCH_PER_HOUR   = "20"
    # Uploads that stall or crawl are cut (docs/predict-hardening.md); Cloud Run's own request
    # timeout (300 s) is longer, so these decide.
    UPLOAD_READ_IDLE_TIMEOUT = "20s"
    UPLOAD_TIMEOUT           = "120s"
    SERVER_IDLE_TIMEOUT      = "60s"
  }
  predict_secret_env = {
    PREDICT_API_KEYS = google_secret_manager_secret.secrets["predict-api-keys"].secret_id
  }

  batch_env = {
    # The gcp environment: the meters go to Cloud Monitoring (docs/operations.md, "Metrics").
    MICRONAUT_ENVIRONMENTS = local.micronaut_environments
    # One JSON object per log line, with the fields Cloud Logging reads (logback.xml).
    LOG_FORMAT                     = "JSON"
    LOG_LEVEL                      = var.log_level
    GOOGLE_CLOUD_PROJECT           = var.project_id
    MESSAGING_KIND                 = "pubsub"
    STORAGE_KIND                   = "gcs"
    RETURNS_BUCKET                 = google_storage_bucket.returns.name
    PREDICT_URL                    = google_cloud_run_v2_service.predict.uri
    PREDICT_IDENTITY_TOKEN         = "true"
    PREDICT_TIMEOUT                = "30s"
    PREDICT_READY_TIMEOUT          = "90s"
    PREDICT_ATTEMPTS               = "4"
    PREDICT_INITIAL_BACKOFF        = "500ms"
    PREDICT_MAX_BACKOFF            = "10s"
    BATCH_TIME_BUDGET              = "${local.batch_time_budget_seconds}s"
    BATCH_LEASE_MARGIN             = "2m"
    BATCH_CONCURRENCY              = "8"
    BATCH_CHUNK_SIZE               = "50"
    BATCH_SHARD_SIZE               = tostring(var.batch_shard_size)
    BATCH_MAX_CONSECUTIVE_FAILURES = "10"
    REVIEW_THRESHOLD               = tostring(var.review_threshold)
    REPORT_ROWS                    = "500"
    REPORT_TIME_ZONE               = var.time_zone
    # Pushes are accepted only with an OIDC token of pubsub-push for this audience (PUSH-AUTH contract);
    # the audience is the same expression as the subscription's oidc_token.audience (pubsub.tf).
    PUSH_SERVICE_ACCOUNT = google_service_account.pubsub_push.email
    PUSH_AUDIENCE        = local.batch_url
  }
  batch_secret_env = {
    PREDICT_API_KEY = google_secret_manager_secret.secrets["predict-internal-key"].secret_id
    BATCH_API_KEYS  = google_secret_manager_secret.secrets["batch-api-keys"].secret_id
  }
  # One push request works this long; the request timeout and the subscription's ack deadline
  # (600 s) leave room for writing the chunk and publishing the continuation.
  batch_time_budget_seconds = 480
  batch_request_timeout     = 600

  report_env = {
    # The gcp environment: the meters go to Cloud Monitoring (docs/operations.md, "Metrics").
    MICRONAUT_ENVIRONMENTS = local.micronaut_environments
    # One JSON object per log line, with the fields Cloud Logging reads (logback.xml).
    LOG_FORMAT                 = "JSON"
    LOG_LEVEL                  = var.log_level
    GOOGLE_CLOUD_PROJECT       = var.project_id
    STORAGE_KIND               = "gcs"
    RETURNS_BUCKET             = google_storage_bucket.returns.name
    HISTORY_KIND               = "firestore"
    FIRESTORE_DATABASE         = google_firestore_database.history.name
    HISTORY_TIMEOUT            = "30s"
    REPORT_TIME_ZONE           = var.time_zone
    SCHEDULE                   = var.schedule
    REPORT_PUBLIC_URL          = local.report_url
    DASHBOARD_REFRESH          = "5m"
    ALERT_ERROR_RATE           = tostring(var.alert_error_rate)
    ALERT_LOW_CONFIDENCE_ITEMS = tostring(var.alert_low_confidence_items)
    ALERT_SLOW_RUN             = "${var.alert_slow_run_minutes}m"
    ALERT_MISSED_RUN_AFTER     = "${var.alert_missed_run_hours}h"
    ALERT_REVIEW_BACKLOG_DAYS  = tostring(var.alert_review_backlog_days)
    # Quality alarms (docs/quality.md).
    ALERT_LOW_CONFIDENCE_SHARE        = tostring(var.alert_low_confidence_share)
    ALERT_CATEGORY_DRIFT_PSI          = tostring(var.alert_category_drift_psi)
    ALERT_CATEGORY_DRIFT_RUNS         = tostring(var.alert_category_drift_runs)
    ALERT_CATEGORY_DRIFT_MIN_PHOTOS   = tostring(var.alert_category_drift_min_photos)
    ALERT_LIVE_ACCURACY_FLOOR         = tostring(var.alert_live_accuracy_floor)
    ALERT_LIVE_ACCURACY_MIN_DECISIONS = tostring(var.alert_live_accuracy_min_decisions)
    ALERT_CHANNEL_LEASE               = "2m"
    SLACK_TIMEOUT                     = "10s"
    SLACK_MAX_RETRY_AFTER             = "30s"
    SMTP_HOST                         = var.smtp_host
    SMTP_PORT                         = tostring(var.smtp_port)
    SMTP_USERNAME                     = var.smtp_username
    SMTP_SECURITY                     = var.smtp_security
    SMTP_TIMEOUT                      = "20s"
    ALERT_EMAIL_FROM                  = var.alert_email_from
    ALERT_EMAIL_TO                    = join(",", var.alert_email_to)
    # Without a webhook or SMTP host, messages are logged and written here (the container's /tmp).
    NOTIFICATIONS_DIR    = "/tmp/notifications"
    PUSH_SERVICE_ACCOUNT = google_service_account.pubsub_push.email
    # The morning workspace (docs/workspace.md): categories a reviewer may choose (the model's labels, in
    # order) and where each is shelved.
    WORKSPACE_CATEGORIES = join(",", var.workspace_categories)
    WAREHOUSE_LOCATIONS  = var.warehouse_locations
    # The upload page PUTs each photo straight to the bucket with a V4 signed URL the service signs as
    # itself (IAM signBlob: report_signs_upload_urls in iam.tf; the bucket's CORS rule in storage.tf).
    WORKSPACE_UPLOAD_MODE = "signed-url"
    # "Classify now" calls the private predict service with an identity token of this service's account,
    # which holds run.invoker on predict (report_calls_predict below), as the batch does.
    PREDICT_URL            = google_cloud_run_v2_service.predict.uri
    PREDICT_IDENTITY_TOKEN = "true"
  }
  # What differs between the two services of the report image. The people-facing one trusts only an
  # IAP assertion for itself (x-goog-iap-jwt-assertion) and gets no push (IAP would stop one anyway).
  # report-ingest takes the pushes; with an empty IAP_AUDIENCE it refuses every page.
  report_people_env = {
    PUSH_AUDIENCE = local.report_url
    IAP_AUDIENCE  = local.report_iap_audience
  }
  report_ingest_env = {
    PUSH_AUDIENCE = local.report_ingest_url
    IAP_AUDIENCE  = ""
  }
  report_secret_env = {
    SLACK_WEBHOOK_URL = google_secret_manager_secret.secrets["slack-webhook-url"].secret_id
    SMTP_PASSWORD     = google_secret_manager_secret.secrets["smtp-password"].secret_id
    REPORT_API_KEYS   = google_secret_manager_secret.secrets["report-api-keys"].secret_id
    # "Classify now": the workspace's own key of the predict API (an entry of predict-api-keys).
    PREDICT_API_KEY = google_secret_manager_secret.secrets["workspace-predict-key"].secret_id
  }
}

resource "google_cloud_run_v2_service" "predict" {
  name                = "predict-function"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.predict.email
    max_instance_request_concurrency = 80
    timeout                          = "60s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.predict_max_instances
    }

    containers {
      image = local.images.predict

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.predict_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.predict_secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      # /health answers 503 until the model is loaded, 200 after.
      startup_probe {
        http_get {
          path = "/health"
        }
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 60
      }

      liveness_probe {
        http_get {
          path = "/health"
        }
        period_seconds    = 30
        timeout_seconds   = 5
        failure_threshold = 3
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessors, google_storage_bucket_iam_member.predict_reads]
}

resource "google_cloud_run_v2_service" "batch" {
  name                = "batch-trigger-function"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account = google_service_account.batch.email
    # Few requests per instance, so Cloud Run starts more instances for a sharded run's pushes rather than
    # sharing one instance's BATCH_CONCURRENCY workers among many shards.
    max_instance_request_concurrency = var.batch_requests_per_instance
    timeout                          = "${local.batch_request_timeout}s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.batch_max_instances
    }

    containers {
      image = local.images.batch

      ports {
        container_port = 8081
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.batch_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.batch_secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      # The process, not its dependencies: a Firestore or bucket outage must not stop instances from
      # starting (pushes are retried anyway); /health and /health/readiness report the dependencies.
      startup_probe {
        http_get {
          path = "/health/liveness"
        }
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 30
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessors, google_storage_bucket_iam_member.batch_objects]
}

# The people-facing report service: pages, the read API, review decisions. Identity-Aware Proxy
# stands in front of its run.app URL (Cloud Run's own IAP integration, google provider >= 6.30):
# staff sign in with their Google account, IAP passes their identity as x-goog-iap-jwt-assertion,
# and IAP's service agent is its only invoker. Pub/Sub never pushes here (report-ingest below).
resource "google_cloud_run_v2_service" "report" {
  name                = "report-function"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection
  iap_enabled         = true
  # IAP on Cloud Run was a Preview feature when it came (2025); BETA admits it and is harmless once GA.
  launch_stage = "BETA"

  template {
    service_account                  = google_service_account.report.email
    max_instance_request_concurrency = 20
    timeout                          = "300s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.report_max_instances
    }

    containers {
      image = local.images.report

      ports {
        container_port = 8082
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.report_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.report_people_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.report_secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      # The process, not its dependencies: a Firestore or bucket outage must not stop instances from
      # starting (pushes are retried anyway); /health and /health/readiness report the dependencies.
      startup_probe {
        http_get {
          path = "/health/liveness"
        }
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 30
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessors, google_project_iam_member.report_firestore]
}

# report-ingest: the same image, receiving only Pub/Sub pushes (batch-completed, watchdog). Private:
# its only invokers are pubsub-push and the uptime check's Monitoring agent; no person reaches it,
# so people's access (IAP on report-function) never includes /push.
resource "google_cloud_run_v2_service" "report_ingest" {
  name                = "report-ingest"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.report.email
    max_instance_request_concurrency = 20
    timeout                          = "300s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.report_max_instances
    }

    containers {
      image = local.images.report

      ports {
        container_port = 8082
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.report_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.report_ingest_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.report_secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      # The process, not its dependencies: a Firestore or bucket outage must not stop instances from
      # starting (pushes are retried anyway); /health and /health/readiness report the dependencies.
      startup_probe {
        http_get {
          path = "/health/liveness"
        }
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 30
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessors, google_project_iam_member.report_firestore]
}

# Who may call which service. Cloud Run checks the caller's identity token before the request
# reaches the service; nothing is public unless predict_public says so.

resource "google_cloud_run_v2_service_iam_member" "batch_calls_predict" {
  name     = google_cloud_run_v2_service.predict.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.batch.member
}

# "Classify now" on the upload page (docs/workspace.md): the report service calls predict by reference.
resource "google_cloud_run_v2_service_iam_member" "report_calls_predict" {
  name     = google_cloud_run_v2_service.predict.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.report.member
}

resource "google_cloud_run_v2_service_iam_member" "predict_invokers" {
  for_each = toset(var.predict_invokers)

  name     = google_cloud_run_v2_service.predict.name
  location = var.region
  role     = "roles/run.invoker"
  member   = each.value
}

resource "google_cloud_run_v2_service_iam_member" "predict_public" {
  count = var.predict_public ? 1 : 0

  name     = google_cloud_run_v2_service.predict.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_v2_service_iam_member" "pubsub_pushes_to_batch" {
  name     = google_cloud_run_v2_service.batch.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.pubsub_push.member
}

resource "google_cloud_run_v2_service_iam_member" "pubsub_pushes_to_report_ingest" {
  name     = google_cloud_run_v2_service.report_ingest.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.pubsub_push.member
}

# The uptime checks (monitoring.tf) call /health with an OIDC token of the Monitoring service agent.
resource "google_cloud_run_v2_service_iam_member" "uptime_checks" {
  for_each = local.uptime_checked_services

  name     = each.value
  location = var.region
  role     = "roles/run.invoker"
  member   = local.monitoring_agent
}

# IAP forwards a signed-in person's request to Cloud Run as its own service agent.
resource "google_cloud_run_v2_service_iam_member" "iap_forwards_to_report" {
  name     = google_cloud_run_v2_service.report.name
  location = var.region
  role     = "roles/run.invoker"
  member   = local.iap_agent
}

# Staff open the pages through IAP; they hold no run.invoker anywhere.
resource "google_iap_web_cloud_run_service_iam_member" "dashboard_viewers" {
  for_each = toset(var.dashboard_viewers)

  project                = var.project_id
  location               = var.region
  cloud_run_service_name = google_cloud_run_v2_service.report.name
  role                   = "roles/iap.httpsResourceAccessor"
  member                 = each.value
}
