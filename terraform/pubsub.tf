# Topics and push subscriptions (DESIGN.md "The nightly flow"). Every push carries an OIDC token of
# pubsub-push whose audience is the receiving service's deterministic URL; Cloud Run checks the
# token and the invoker role, and the service checks identity and audience again (PUSH_SERVICE_ACCOUNT,
# PUSH_AUDIENCE: the same expressions). batch-completed and watchdog go to report-ingest, never to
# the people-facing report service. A message that keeps failing goes to the dead-letter topic after
# a bounded number of tries.
# Every push subscription is named exactly as its topic: micronaut-gcp's PushController hands a push to
# the @PushSubscription registered under the envelope's "subscription" (project and name) and answers 404
# otherwise (DESIGN.md; checked by TerraformChecksTest, run by system-tests' TerraformDeclaredChainTest).

resource "google_pubsub_topic" "batch_trigger" {
  name = "batch-trigger"

  depends_on = [google_project_service.apis]
}

# A run with more photos than BATCH_SHARD_SIZE publishes one message per shard here (docs/nightly-sort.md,
# "Shards across instances").
resource "google_pubsub_topic" "batch_shard" {
  name = "batch-shard"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "batch_completed" {
  name = "batch-completed"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "watchdog" {
  name = "watchdog"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dead_letter" {
  name = "return-sorter-dead-letter"

  depends_on = [google_project_service.apis]
}

# Dead letters stay here for a week to be read (docs/deployment.md, "When something fails").
resource "google_pubsub_subscription" "dead_letter" {
  name  = "return-sorter-dead-letter"
  topic = google_pubsub_topic.dead_letter.id

  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60

  expiration_policy {
    ttl = ""
  }
}

# batch-trigger -> the batch service. A push request works for BATCH_TIME_BUDGET (8 min), below the
# 600 s ack deadline; the rest of a run continues in a new message.
resource "google_pubsub_subscription" "batch_trigger" {
  name  = "batch-trigger"
  topic = google_pubsub_topic.batch_trigger.id

  ack_deadline_seconds       = 600
  message_retention_duration = "86400s"

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.batch.uri}/push"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = local.batch_url
    }
  }

  retry_policy {
    minimum_backoff = "30s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = 10
  }

  expiration_policy {
    ttl = ""
  }
}

# batch-shard -> the batch service: Cloud Run spreads the pushes over up to batch_max_instances instances,
# batch_requests_per_instance at a time each. A shard's request works for BATCH_TIME_BUDGET at most and then
# publishes the rest of its shard again; a shard whose lease another delivery holds is nacked and retried
# after the backoff, by which time that delivery has finished it or died (its lease expired).
resource "google_pubsub_subscription" "batch_shard" {
  name  = "batch-shard"
  topic = google_pubsub_topic.batch_shard.id

  ack_deadline_seconds       = 600
  message_retention_duration = "86400s"

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.batch.uri}/push"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = local.batch_url
    }
  }

  retry_policy {
    minimum_backoff = "30s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = 10
  }

  expiration_policy {
    ttl = ""
  }
}

# batch-completed -> report-ingest. A nack (Firestore unavailable, a channel failed) is retried
# until every alert channel has a final state.
resource "google_pubsub_subscription" "batch_completed" {
  name  = "batch-completed"
  topic = google_pubsub_topic.batch_completed.id

  ack_deadline_seconds       = 120
  message_retention_duration = "604800s"

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.report_ingest.uri}/push"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = local.report_ingest_url
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = 20
  }

  expiration_policy {
    ttl = ""
  }
}

# watchdog -> report-ingest, hourly.
resource "google_pubsub_subscription" "watchdog" {
  name  = "watchdog"
  topic = google_pubsub_topic.watchdog.id

  ack_deadline_seconds       = 60
  message_retention_duration = "3600s"

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.report_ingest.uri}/push"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = local.report_ingest_url
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "300s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = 5
  }

  expiration_policy {
    ttl = ""
  }
}

# The batch publishes continuations and manual runs to batch-trigger, shards to batch-shard, and its result
# to batch-completed.
resource "google_pubsub_topic_iam_member" "batch_publishes_trigger" {
  topic  = google_pubsub_topic.batch_trigger.id
  role   = "roles/pubsub.publisher"
  member = google_service_account.batch.member
}

resource "google_pubsub_topic_iam_member" "batch_publishes_shard" {
  topic  = google_pubsub_topic.batch_shard.id
  role   = "roles/pubsub.publisher"
  member = google_service_account.batch.member
}

resource "google_pubsub_topic_iam_member" "batch_publishes_completed" {
  topic  = google_pubsub_topic.batch_completed.id
  role   = "roles/pubsub.publisher"
  member = google_service_account.batch.member
}

# Dead-lettering: the Pub/Sub service agent publishes to the dead-letter topic and acknowledges the
# forwarded message on the source subscription.
resource "google_pubsub_topic_iam_member" "pubsub_agent_dead_letters" {
  topic  = google_pubsub_topic.dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "pubsub_agent_forwards" {
  for_each = {
    batch_trigger   = google_pubsub_subscription.batch_trigger.id
    batch_shard     = google_pubsub_subscription.batch_shard.id
    batch_completed = google_pubsub_subscription.batch_completed.id
    watchdog        = google_pubsub_subscription.watchdog.id
  }

  subscription = each.value
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
