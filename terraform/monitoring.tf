# Cloud Monitoring, independent of the report service: the missed-run alert reads the batch's own
# log line, so it fires even when report-ingest (and its in-app missed-run watchdog) is down.

locals {
  monitoring_emails = length(var.monitoring_email_to) > 0 ? var.monitoring_email_to : var.alert_email_to

  # Services probed on /health. report-function is left out: IAP answers an uptime checker with a
  # sign-in redirect. report-ingest runs the same image against the same Firestore and bucket.
  uptime_checked_services = {
    predict       = google_cloud_run_v2_service.predict.name
    batch         = google_cloud_run_v2_service.batch.name
    report_ingest = google_cloud_run_v2_service.report_ingest.name
  }

  # "No finished run in 36 h" as an absence condition: Cloud Monitoring allows at most 23.5 h of
  # absence, so a rolling window of the rest (12.5 h) comes first. The windowed count exists at time
  # t only if a run finished in (t - 12.5 h, t]; it is absent for 23.5 h only if no run finished in
  # the 36 h before.
  missed_run_window_seconds  = 45000
  missed_run_absence_seconds = 84600
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(local.monitoring_emails)

  display_name = "Return Sorter: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }

  depends_on = [google_project_service.apis]
}

# One point per finished run: the batch logs this line when it published batch-completed
# (PubSubBatchPublisher; StackdriverJsonLayout writes the text to jsonPayload.message and the
# logger's name to jsonPayload.logger). The build's TerraformChecksTest compares both with the code.
resource "google_logging_metric" "finished_runs" {
  name        = "return-sorter-finished-runs"
  description = "Runs the batch finished and announced on batch-completed."
  filter      = <<-EOT
    resource.type="cloud_run_revision"
    resource.labels.service_name="batch-trigger-function"
    jsonPayload.logger="com.returnsorter.batch.messaging.PubSubBatchPublisher"
    jsonPayload.message=~"^published batch-completed for run "
  EOT

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "missed_run" {
  display_name = "Return Sorter: no finished run in 36 h"
  combiner     = "OR"
  severity     = "WARNING"

  conditions {
    display_name = "no batch-completed published for 36 h"
    condition_absent {
      filter   = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.finished_runs.name}\""
      duration = "${local.missed_run_absence_seconds}s"
      aggregations {
        alignment_period     = "${local.missed_run_window_seconds}s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "No nightly run has finished for 36 hours (the batch has not logged `published batch-completed for run`). Check the Scheduler job return-sorter-nightly, the batch-trigger subscription and its dead letters, and the batch's logs (docs/deployment.md, \"When something fails\")."
  }

  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}

resource "google_monitoring_uptime_check_config" "health" {
  for_each = local.uptime_checked_services

  display_name = "Return Sorter ${each.value} /health"
  timeout      = "30s"
  period       = "300s"

  http_check {
    path         = "/health"
    port         = 443
    use_ssl      = true
    validate_ssl = true
    # An OIDC token of the Monitoring service agent, which holds run.invoker on the service (run.tf).
    service_agent_authentication {
      type = "OIDC_TOKEN"
    }
    accepted_response_status_codes {
      status_class = "STATUS_CLASS_2XX"
    }
  }

  monitored_resource {
    type = "cloud_run_revision"
    labels = {
      project_id   = var.project_id
      service_name = each.value
      location     = var.region
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.uptime_checks]
}

resource "google_monitoring_alert_policy" "service_down" {
  display_name = "Return Sorter: a service fails its health check"
  combiner     = "OR"
  severity     = "ERROR"

  conditions {
    display_name = "/health failing from two or more regions for 10 min"
    condition_threshold {
      filter          = "metric.type = \"monitoring.googleapis.com/uptime_check/check_passed\" AND metric.label.check_id = one_of(${join(", ", [for c in google_monitoring_uptime_check_config.health : "\"${c.uptime_check_id}\""])})"
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "600s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_NEXT_OLDER"
        cross_series_reducer = "REDUCE_COUNT_FALSE"
        group_by_fields      = ["metric.label.check_id"]
      }
    }
  }

  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}

# A message that failed all its deliveries waits in the dead-letter subscription.
resource "google_monitoring_alert_policy" "dead_letters" {
  display_name = "Return Sorter: dead-lettered messages"
  combiner     = "OR"
  severity     = "WARNING"

  conditions {
    display_name = "return-sorter-dead-letter holds messages"
    condition_threshold {
      filter          = "metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type = \"pubsub_subscription\" AND resource.label.subscription_id = \"${google_pubsub_subscription.dead_letter.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Read them with `gcloud pubsub subscriptions pull return-sorter-dead-letter --limit=10` (docs/deployment.md, \"When something fails\")."
  }

  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}

# --- The services' own meters ---------------------------------------------------------------------
# Micrometer's Stackdriver registry (gcp environment, docs/operations.md "Metrics") writes each meter as
# custom.googleapis.com/<name, dots as slashes>: a counter as a DOUBLE GAUGE holding the count of the
# last step (1 min), so a sum over a window is the count in that window; a timer as a distribution plus
# /count, /max and one series per published percentile (/p50, /p95, /p99, in milliseconds). The monitored
# resource is generic_task: namespace "return-sorter", job = the service, task_id = the instance.
#
# The descriptors the policies below use are declared here, so the policies can be created before the
# first point arrives; their kind, type and labels are what the registry writes (TerraformChecksTest
# compares the labels with the code's tags). The registry finds them and does not create its own.
locals {
  custom_metrics = "custom.googleapis.com/returnsorter"
  custom_metric_descriptors = {
    alerts = {
      type        = "${local.custom_metrics}/alerts"
      description = "Alerts by rule, channel and outcome (delivered, failed, refused); each point is one step's count."
      unit        = "1"
      labels      = ["rule", "channel", "outcome"]
    }
    predict_latency_p95 = {
      type        = "${local.custom_metrics}/predict/latency/p95"
      description = "95th percentile of the predict service's answer time per route, over about the last 10 minutes, per instance."
      unit        = "ms"
      labels      = ["endpoint"]
    }
  }
}

resource "google_monitoring_metric_descriptor" "custom" {
  for_each = local.custom_metric_descriptors

  type         = each.value.type
  description  = each.value.description
  display_name = each.value.type
  metric_kind  = "GAUGE"
  value_type   = "DOUBLE"
  unit         = each.value.unit

  dynamic "labels" {
    for_each = each.value.labels
    content {
      key        = labels.value
      value_type = "STRING"
    }
  }

  depends_on = [google_project_service.apis]
}

# A Slack or email alert the channel refused for good (a revoked webhook, a rejected address) is never
# retried: the report service logs an ERROR and nobody hears of the alert. This tells them another way.
resource "google_monitoring_alert_policy" "alerts_refused" {
  display_name = "Return Sorter: an alert was refused by Slack or the mail server"
  combiner     = "OR"
  severity     = "ERROR"

  conditions {
    display_name = "returnsorter/alerts with outcome refused"
    condition_threshold {
      filter          = "metric.type = \"${google_monitoring_metric_descriptor.custom["alerts"].type}\" AND resource.type = \"generic_task\" AND metric.label.outcome = \"refused\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.rule", "metric.label.channel"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The report service could not deliver an alert and will not retry it. Its log has the ERROR `refused ... for good` with the channel's answer; check the Slack webhook secret (slack-webhook-url) or the email settings, then open the dashboard for the alert itself (docs/operations.md, \"Metrics\")."
  }

  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}

resource "google_monitoring_alert_policy" "predict_latency" {
  display_name = "Return Sorter: predict answers slowly"
  combiner     = "OR"
  severity     = "WARNING"

  conditions {
    display_name = "p95 of POST /predict above ${var.predict_latency_alert_ms} ms for 15 min"
    condition_threshold {
      filter          = "metric.type = \"${google_monitoring_metric_descriptor.custom["predict_latency_p95"].type}\" AND resource.type = \"generic_task\" AND metric.label.endpoint = \"POST /predict\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.predict_latency_alert_ms
      duration        = "900s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_MEAN"
        cross_series_reducer = "REDUCE_MAX"
        group_by_fields      = ["resource.label.job"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The slowest predict instance's p95 stayed above ${var.predict_latency_alert_ms} ms. Compare with the instance count and CPU on the Return Sorter dashboard; large photos, a bigger model or too few instances (predict_max_instances) are the usual causes (docs/benchmarks.md)."
  }

  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}

resource "google_monitoring_dashboard" "operations" {
  dashboard_json = jsonencode({
    displayName = "Return Sorter"
    mosaicLayout = {
      columns = 12
      tiles = [
        {
          xPos = 0, yPos = 0, width = 6, height = 4
          widget = {
            title = "Finished runs (per 6 h)"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"logging.googleapis.com/user/${google_logging_metric.finished_runs.name}\" AND resource.type = \"cloud_run_revision\""
                    aggregation = {
                      alignmentPeriod    = "21600s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 6, yPos = 0, width = 6, height = 4
          widget = {
            title = "Health checks passing"
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"monitoring.googleapis.com/uptime_check/check_passed\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_FRACTION_TRUE"
                      crossSeriesReducer = "REDUCE_MEAN"
                      groupByFields      = ["metric.label.check_id"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 0, yPos = 4, width = 6, height = 4
          widget = {
            title = "Requests by service and response class"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_AREA"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"run.googleapis.com/request_count\" AND resource.type = \"cloud_run_revision\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_RATE"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["resource.label.service_name", "metric.label.response_code_class"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 6, yPos = 4, width = 6, height = 4
          widget = {
            title = "Request latency p95 by service"
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"run.googleapis.com/request_latencies\" AND resource.type = \"cloud_run_revision\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_PERCENTILE_95"
                      groupByFields      = ["resource.label.service_name"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 0, yPos = 8, width = 6, height = 4
          widget = {
            title = "Instances by service"
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"run.googleapis.com/container/instance_count\" AND resource.type = \"cloud_run_revision\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_MAX"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["resource.label.service_name"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 6, yPos = 8, width = 6, height = 4
          widget = {
            title = "Undelivered messages (dead letters and pushes)"
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type = \"pubsub_subscription\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_MAX"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["resource.label.subscription_id"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 0, yPos = 12, width = 6, height = 4
          widget = {
            title = "Predictions by category (classified images per hour)"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"${local.custom_metrics}/predictions\" AND resource.type = \"generic_task\" AND metric.label.outcome = \"classified\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.category"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 6, yPos = 12, width = 6, height = 4
          widget = {
            title = "Predict latency p95 and p99 by route, ms (slowest instance)"
            xyChart = {
              dataSets = [for p in ["p95", "p99"] : {
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"${local.custom_metrics}/predict/latency/${p}\" AND resource.type = \"generic_task\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_MEAN"
                      crossSeriesReducer = "REDUCE_MAX"
                      groupByFields      = ["metric.label.endpoint"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 0, yPos = 16, width = 6, height = 4
          widget = {
            title = "Photos sorted by destination (per 6 h)"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"${local.custom_metrics}/photos\" AND resource.type = \"generic_task\""
                    aggregation = {
                      alignmentPeriod    = "21600s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.destination"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 6, yPos = 16, width = 6, height = 4
          widget = {
            title = "Runs by status (per 6 h)"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"${local.custom_metrics}/runs\" AND resource.type = \"generic_task\""
                    aggregation = {
                      alignmentPeriod    = "21600s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.status"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos = 0, yPos = 20, width = 12, height = 4
          widget = {
            title = "Alerts by rule, channel and outcome (per hour)"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type = \"${google_monitoring_metric_descriptor.custom["alerts"].type}\" AND resource.type = \"generic_task\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.rule", "metric.label.channel", "metric.label.outcome"]
                    }
                  }
                }
              }]
            }
          }
        },
      ]
    }
  })

  depends_on = [google_project_service.apis]
}
