# The morning workspace (docs/workspace.md): report-function finds a run's item by where its photo went
# (items.destination, equality and "in") and by its file name (items.filename, a prefix range) across all
# runs, i.e. with collection-group queries over batchRuns/{runId}/items. Single-field indexes exist for
# collection scope only by default; these add the collection-group scope (keeping the collection ones).
# decisions/{decisionId} needs nothing beyond the automatic single-field indexes (object, destination,
# decidedAt).

resource "google_firestore_field" "items_destination_group" {
  database   = google_firestore_database.history.name
  collection = "items"
  field      = "destination"

  index_config {
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION"
    }
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION_GROUP"
    }
  }
}

resource "google_firestore_field" "items_filename_group" {
  database   = google_firestore_database.history.name
  collection = "items"
  field      = "filename"

  index_config {
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION"
    }
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION_GROUP"
    }
  }
}
