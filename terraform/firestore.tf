# Run history (DESIGN.md "Contracts"): batchRuns/{runId}, batchRuns/{runId}/items/{row}, alerts/{alertId}.
# One composite index per query of the README's table "Firestore console: queries and their indexes";
# the build's TerraformChecksTest fails when a query there has no index here.

resource "google_firestore_database" "history" {
  name        = "(default)"
  location_id = var.region
  type        = "FIRESTORE_NATIVE"

  concurrency_mode        = "PESSIMISTIC"
  delete_protection_state = var.deletion_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy         = var.deletion_protection ? "ABANDON" : "DELETE"

  depends_on = [google_project_service.apis]
}

# partial or failed runs, newest first
resource "google_firestore_index" "batch_runs_status_started" {
  database    = google_firestore_database.history.name
  collection  = "batchRuns"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }

  fields {
    field_path = "startedAt"
    order      = "DESCENDING"
  }
}

# the last real run (watchdog, health report)
resource "google_firestore_index" "batch_runs_dry_run_finished" {
  database    = google_firestore_database.history.name
  collection  = "batchRuns"
  query_scope = "COLLECTION"

  fields {
    field_path = "dryRun"
    order      = "ASCENDING"
  }

  fields {
    field_path = "finishedAt"
    order      = "DESCENDING"
  }
}

# items of a status, least confident first (the morning review)
resource "google_firestore_index" "items_status_confidence_asc" {
  database    = google_firestore_database.history.name
  collection  = "items"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }

  fields {
    field_path = "confidence"
    order      = "ASCENDING"
  }
}

# items of a status, most confident first
resource "google_firestore_index" "items_status_confidence_desc" {
  database    = google_firestore_database.history.name
  collection  = "items"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }

  fields {
    field_path = "confidence"
    order      = "DESCENDING"
  }
}

# open alerts of one severity
resource "google_firestore_index" "alerts_resolved_severity_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "resolved"
    order      = "ASCENDING"
  }

  fields {
    field_path = "severity"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# open (or resolved) alerts
resource "google_firestore_index" "alerts_resolved_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "resolved"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# alerts of one severity
resource "google_firestore_index" "alerts_severity_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "severity"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# alerts of a run
resource "google_firestore_index" "alerts_run_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "runId"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# open alerts of a run
resource "google_firestore_index" "alerts_resolved_run_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "resolved"
    order      = "ASCENDING"
  }

  fields {
    field_path = "runId"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# alerts of a run and one severity
resource "google_firestore_index" "alerts_severity_run_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "severity"
    order      = "ASCENDING"
  }

  fields {
    field_path = "runId"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}

# open alerts of a run and one severity
resource "google_firestore_index" "alerts_resolved_severity_run_created" {
  database    = google_firestore_database.history.name
  collection  = "alerts"
  query_scope = "COLLECTION"

  fields {
    field_path = "resolved"
    order      = "ASCENDING"
  }

  fields {
    field_path = "severity"
    order      = "ASCENDING"
  }

  fields {
    field_path = "runId"
    order      = "ASCENDING"
  }

  fields {
    field_path = "createdAt"
    order      = "DESCENDING"
  }
}
