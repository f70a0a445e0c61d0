# Everything an installation chooses. Defaults are the values DESIGN.md and the services' own
# application.yml files use, so an empty terraform.tfvars (but project_id and alert_email_to)
# gives the documented behaviour.

variable "project_id" {
  description = "The GCP project that holds everything."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lower-case letters, digits and hyphens."
  }
}

variable "region" {
  description = "Region of the Cloud Run services, the bucket, Artifact Registry, Firestore and the Scheduler jobs."
  type        = string
  default     = "europe-west1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a GCP region name such as europe-west1."
  }
}

variable "bucket_name" {
  description = "Name of the returns bucket; empty means \"<project_id>-returns\"."
  type        = string
  default     = ""

  validation {
    condition     = var.bucket_name == "" || can(regex("^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid Cloud Storage bucket name (3-63 characters)."
  }
}

variable "schedule" {
  description = "Cron expression of the nightly run, in time_zone (Cloud Scheduler syntax)."
  type        = string
  default     = "0 2 * * *"

  validation {
    condition     = length(split(" ", trimspace(var.schedule))) == 5
    error_message = "schedule must be a five-field cron expression, e.g. \"0 2 * * *\"."
  }
}

variable "time_zone" {
  description = "IANA time zone of the schedule, the reports and the dashboard, e.g. Europe/Brussels."
  type        = string
  default     = "Europe/Brussels"

  validation {
    condition     = var.time_zone == "UTC" || can(regex("^[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+)+$", var.time_zone))
    error_message = "time_zone must be an IANA zone name such as Europe/Brussels, or UTC."
  }
}

variable "review_threshold" {
  description = "Photos classified below this confidence go to review/ instead of processed/."
  type        = number
  default     = 0.70

  validation {
    condition     = var.review_threshold > 0 && var.review_threshold < 1
    error_message = "review_threshold must be between 0 and 1."
  }
}

variable "alert_error_rate" {
  description = "high-error-rate fires when failed / total exceeds this fraction."
  type        = number
  default     = 0.10

  validation {
    condition     = var.alert_error_rate > 0 && var.alert_error_rate < 1
    error_message = "alert_error_rate must be a fraction between 0 and 1."
  }
}

variable "alert_low_confidence_items" {
  description = "low-confidence fires when more items than this went to review."
  type        = number
  default     = 50

  validation {
    condition     = var.alert_low_confidence_items >= 0 && floor(var.alert_low_confidence_items) == var.alert_low_confidence_items
    error_message = "alert_low_confidence_items must be a whole number, 0 or more."
  }
}

variable "alert_slow_run_minutes" {
  description = "slow-run fires when a run takes longer than this many minutes."
  type        = number
  default     = 15

  validation {
    condition     = var.alert_slow_run_minutes >= 1
    error_message = "alert_slow_run_minutes must be at least 1."
  }
}

variable "alert_missed_run_hours" {
  description = "missed-run fires when no run has finished for this many hours (checked hourly)."
  type        = number
  default     = 36

  validation {
    condition     = var.alert_missed_run_hours >= 2
    error_message = "alert_missed_run_hours must be at least 2."
  }
}

variable "alert_review_backlog_days" {
  description = "review-backlog fires (email, once a day) when a photo has waited in review/ longer than this many days (checked hourly; the bucket lifecycle keeps review/ photos until someone decides)."
  type        = number
  default     = 3

  validation {
    condition     = var.alert_review_backlog_days >= 1 && floor(var.alert_review_backlog_days) == var.alert_review_backlog_days
    error_message = "alert_review_backlog_days must be a whole number, 1 or more."
  }
}

variable "alert_low_confidence_share" {
  description = "low-confidence-share fires (Slack) when more than this fraction of a run's classified photos is below the run's review threshold (docs/quality.md)."
  type        = number
  default     = 0.2

  validation {
    condition     = var.alert_low_confidence_share >= 0 && var.alert_low_confidence_share <= 1
    error_message = "alert_low_confidence_share must be a fraction from 0 to 1."
  }
}

variable "alert_category_drift_psi" {
  description = "category-drift fires (Slack) when the population stability index of a run's category mix against the trailing runs is above this (docs/quality.md; 0.25 is the usual 'large shift')."
  type        = number
  default     = 0.25

  validation {
    condition     = var.alert_category_drift_psi >= 0
    error_message = "alert_category_drift_psi must not be negative."
  }
}

variable "alert_category_drift_runs" {
  description = "How many earlier real runs make category-drift's baseline; no drift is judged before that many runs exist."
  type        = number
  default     = 14

  validation {
    condition     = var.alert_category_drift_runs >= 1 && floor(var.alert_category_drift_runs) == var.alert_category_drift_runs
    error_message = "alert_category_drift_runs must be a whole number, 1 or more."
  }
}

variable "alert_category_drift_min_photos" {
  description = "category-drift judges only runs with at least this many classified photos (the mix of a small night is mostly chance)."
  type        = number
  default     = 100

  validation {
    condition     = var.alert_category_drift_min_photos >= 1 && floor(var.alert_category_drift_min_photos) == var.alert_category_drift_min_photos
    error_message = "alert_category_drift_min_photos must be a whole number, 1 or more."
  }
}

variable "alert_live_accuracy_floor" {
  description = "live-accuracy-drop fires (email and Slack, once per ISO week) when the week's live accuracy on reviewed photos is below this fraction (docs/quality.md)."
  type        = number
  default     = 0.6

  validation {
    condition     = var.alert_live_accuracy_floor >= 0 && var.alert_live_accuracy_floor <= 1
    error_message = "alert_live_accuracy_floor must be a fraction from 0 to 1."
  }
}

variable "alert_live_accuracy_min_decisions" {
  description = "live-accuracy-drop needs at least this many decisions in the week."
  type        = number
  default     = 30

  validation {
    condition     = var.alert_live_accuracy_min_decisions >= 1 && floor(var.alert_live_accuracy_min_decisions) == var.alert_live_accuracy_min_decisions
    error_message = "alert_live_accuracy_min_decisions must be a whole number, 1 or more."
  }
}

variable "alert_email_to" {
  description = "Recipients of the alert emails."
  type        = list(string)

  validation {
    condition     = length(var.alert_email_to) > 0 && alltrue([for a in var.alert_email_to : can(regex("^[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+$", a))])
    error_message = "alert_email_to must list at least one email address."
  }
}

variable "alert_email_from" {
  description = "Sender address of the alert emails (must be accepted by the SMTP server)."
  type        = string
  default     = "return-sorter@example.com"

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email_from))
    error_message = "alert_email_from must be an email address."
  }
}

variable "smtp_host" {
  description = "SMTP relay for alert emails; empty sends emails to the report service's log only."
  type        = string
  default     = ""
}

variable "smtp_port" {
  description = "SMTP port: 587 for STARTTLS, 465 for TLS."
  type        = number
  default     = 587

  validation {
    condition     = var.smtp_port > 0 && var.smtp_port < 65536
    error_message = "smtp_port must be a TCP port."
  }
}

variable "smtp_username" {
  description = "SMTP user name; the password is the secret smtp-password."
  type        = string
  default     = ""
}

variable "smtp_security" {
  description = "Transport security of the SMTP connection."
  type        = string
  default     = "starttls"

  validation {
    condition     = contains(["none", "starttls", "tls"], var.smtp_security)
    error_message = "smtp_security must be one of none, starttls, tls."
  }
}

variable "predict_image_name" {
  description = "Image of the predict service: the JVM build or the GraalVM native build."
  type        = string
  default     = "predict-function"

  validation {
    condition     = contains(["predict-function", "predict-function-native"], var.predict_image_name)
    error_message = "predict_image_name must be predict-function or predict-function-native."
  }
}

variable "predict_image_tag" {
  description = "Tag or digest (sha256:...) of the predict image in Artifact Registry."
  type        = string

  validation {
    condition     = can(regex("^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$", var.predict_image_tag)) && var.predict_image_tag != "latest"
    error_message = "predict_image_tag must be an image tag other than latest, or a sha256: digest."
  }
}

variable "batch_image_tag" {
  description = "Tag or digest (sha256:...) of the batch-trigger-function image in Artifact Registry."
  type        = string

  validation {
    condition     = can(regex("^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$", var.batch_image_tag)) && var.batch_image_tag != "latest"
    error_message = "batch_image_tag must be an image tag other than latest, or a sha256: digest."
  }
}

variable "report_image_tag" {
  description = "Tag or digest (sha256:...) of the report-function image in Artifact Registry."
  type        = string

  validation {
    condition     = can(regex("^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$", var.report_image_tag)) && var.report_image_tag != "latest"
    error_message = "report_image_tag must be an image tag other than latest, or a sha256: digest."
  }
}

variable "predict_max_instances" {
  description = "Most instances of the predict service (each takes 80 requests at once)."
  type        = number
  default     = 5

  validation {
    condition     = var.predict_max_instances >= 1 && var.predict_max_instances <= 100
    error_message = "predict_max_instances must be between 1 and 100."
  }
}

variable "batch_max_instances" {
  description = "Most instances of the batch service: a sharded run's shards are spread over up to this many (docs/nightly-sort.md). Each sorts BATCH_CONCURRENCY photos at once against the predict service, so predict_max_instances should keep up."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_max_instances >= 1 && var.batch_max_instances <= 100
    error_message = "batch_max_instances must be between 1 and 100."
  }
}

variable "batch_requests_per_instance" {
  description = "Push requests (a run's trigger or a shard) one batch instance serves at once; they share its BATCH_CONCURRENCY workers."
  type        = number
  default     = 2

  validation {
    condition     = var.batch_requests_per_instance >= 1 && var.batch_requests_per_instance <= 10
    error_message = "batch_requests_per_instance must be between 1 and 10."
  }
}

variable "batch_shard_size" {
  description = "A run with more photos than this in incoming/ is split into shards of this many (BATCH_SHARD_SIZE), one batch-shard message each. A shard should sort within one request (BATCH_TIME_BUDGET)."
  type        = number
  default     = 500

  validation {
    condition     = var.batch_shard_size >= 1 && var.batch_shard_size <= 10000
    error_message = "batch_shard_size must be between 1 and 10000."
  }
}

variable "report_max_instances" {
  description = "Most instances of the report service."
  type        = number
  default     = 2

  validation {
    condition     = var.report_max_instances >= 1 && var.report_max_instances <= 10
    error_message = "report_max_instances must be between 1 and 10."
  }
}

variable "predict_public" {
  description = "Let anyone on the internet call the predict endpoint (allUsers may invoke it); the API keys then guard it. Off: only IAM members in predict_invokers may call it."
  type        = bool
  default     = false
}

variable "predict_invokers" {
  description = "IAM members who may call the predict endpoint during the day, e.g. group:returns-desk@example.com."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.predict_invokers : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "predict_invokers must be user:, group:, serviceAccount: or domain: members; use predict_public for allUsers."
  }
}

variable "dashboard_viewers" {
  description = "Members who may sign in to the report service's pages through Identity-Aware Proxy (roles/iap.httpsResourceAccessor); they must belong to the project's organization."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.dashboard_viewers : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "dashboard_viewers must be user:, group:, serviceAccount: or domain: members."
  }
}

variable "processed_retention_days" {
  description = "Days a sorted photo stays under processed/ before its lifecycle rule deletes it (soft delete keeps it a week more)."
  type        = number
  default     = 30

  validation {
    condition     = var.processed_retention_days >= 7 && floor(var.processed_retention_days) == var.processed_retention_days
    error_message = "processed_retention_days must be a whole number of days, at least 7."
  }
}

variable "github_repository" {
  description = "owner/name of the GitHub repository connected to Cloud Build (the Cloud Build GitHub app installed on it); empty: no build triggers, both builds are started by hand (docs/deployment.md)."
  type        = string
  default     = ""

  validation {
    condition     = var.github_repository == "" || can(regex("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be empty or owner/name."
  }
}

variable "github_branch" {
  description = "Branch whose pushes are tested, built and (when that build succeeds) deployed."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch))
    error_message = "github_branch must be a branch name."
  }
}

variable "monitoring_email_to" {
  description = "Email addresses of the Cloud Monitoring notification channels (missed run, uptime, dead letters, alerts not delivered, predict latency); empty: the alert_email_to addresses."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.monitoring_email_to : can(regex("^[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+$", a))])
    error_message = "monitoring_email_to must list email addresses."
  }
}

variable "predict_latency_alert_ms" {
  description = "The predict-latency policy fires when an instance's p95 of POST /predict stays above this many milliseconds for 15 minutes."
  type        = number
  default     = 2000

  validation {
    condition     = var.predict_latency_alert_ms >= 50
    error_message = "predict_latency_alert_ms must be at least 50."
  }
}

variable "model_uri" {
  description = "ONNX model of the predict service: empty for the bundled Fashion-MNIST model, or gs://bucket/path.onnx."
  type        = string
  default     = ""

  validation {
    condition     = var.model_uri == "" || can(regex("^gs://[^/]+/.+\\.onnx$", var.model_uri))
    error_message = "model_uri must be empty or a gs:// path to an .onnx file."
  }
}

variable "model_card_uri" {
  description = "Model card of model_uri; empty means the model URI with .onnx replaced by .card.json."
  type        = string
  default     = ""
}

variable "log_level" {
  description = "Log level of the three services."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["ERROR", "WARN", "INFO", "DEBUG"], var.log_level)
    error_message = "log_level must be one of ERROR, WARN, INFO, DEBUG."
  }
}

variable "deletion_protection" {
  description = "Protect the bucket, the Firestore database and the Cloud Run services from terraform destroy."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels put on every resource that takes labels."
  type        = map(string)
  default = {
    app = "return-sorter"
  }
}

variable "workspace_categories" {
  description = "The categories a reviewer may choose in the morning workspace, in the model's label order (the index is the inventory export's category code)."
  type        = list(string)
  default     = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

  validation {
    condition     = length(var.workspace_categories) >= 1 && alltrue([for c in var.workspace_categories : trimspace(c) != "" && !strcontains(c, ",")])
    error_message = "workspace_categories needs at least one category; none may be empty or contain a comma."
  }
}

variable "warehouse_locations" {
  description = "Where each category is shelved, for the pick lists: Category=Location entries separated by ';' (e.g. \"Coat=Section A, Aisle 3;Dress=Section B, Aisle 1\"). Empty: the pick lists say no location is configured."
  type        = string
  default     = ""

  validation {
    condition     = var.warehouse_locations == "" || can(regex("^[^=;]+=[^=;]+(;[^=;]+=[^=;]+)*;?$", var.warehouse_locations))
    error_message = "warehouse_locations must be Category=Location entries separated by ';'."
  }
}
