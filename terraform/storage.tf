# The returns bucket (DESIGN.md "The nightly flow"): staff upload to incoming/, the nightly run
# moves each photo to processed/, review/ or rejected/ and writes reports/<runId>/, and keeps its
# own bookkeeping under state/.

resource "google_storage_bucket" "returns" {
  name     = local.bucket_name
  location = var.region

  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  # A deleted photo (by a person or a bug) can be restored for a week (docs/costs.md weighs the cost).
  soft_delete_policy {
    retention_duration_seconds = 604800
  }

  # Lifecycle rules delete only what is done with. processed/ holds photos the model sorted with
  # confidence or a person approved or corrected: they are routed to the warehouse within days.
  # Never by age: incoming/ (not sorted yet), review/ (waiting for a person's decision) and
  # rejected/ (unreadable photos and people's rejections, which a person handles too; DESIGN.md,
  # the review page's rejected tab). Photos waiting too long in review/ raise the report service's
  # review-backlog alert instead. The build's TerraformChecksTest fails on a rule that reaches them.
  lifecycle_rule {
    condition {
      age            = var.processed_retention_days
      matches_prefix = ["processed/"]
    }
    action {
      type = "Delete"
    }
  }

  # Reports and the run journals behind them: a quarter, for the weekly and monthly reviews.
  lifecycle_rule {
    condition {
      age            = 90
      matches_prefix = ["reports/", "state/journal/", "state/runs/", "state/shards/"]
    }
    action {
      type = "Delete"
    }
  }

  # The upload page (report-function, docs/workspace.md "Upload") PUTs photos straight to the bucket's XML
  # endpoint with V4 signed URLs: the browser's CORS preflight from the service's origin must be answered
  # for PUT with the headers the signature covers. Nothing else is allowed cross-origin.
  cors {
    origin          = [local.report_url]
    method          = ["PUT"]
    response_header = ["Content-Type", "x-goog-if-generation-match", "x-goog-content-length-range"]
    max_age_seconds = 3600
  }

  depends_on = [google_project_service.apis]
}

# The batch moves photos (create, read, delete objects) and writes reports.
resource "google_storage_bucket_iam_member" "batch_objects" {
  bucket = google_storage_bucket.returns.name
  role   = "roles/storage.objectUser"
  member = google_service_account.batch.member
}

# The predict service reads photos by reference ({"object": "incoming/..."}) and a gs:// model.
resource "google_storage_bucket_iam_member" "predict_reads" {
  bucket = google_storage_bucket.returns.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.predict.member
}

# The report service reads results.csv and report.html of each run and the photos (thumbnails), moves photos
# for the review decisions (create-if-absent copy, delete at the generation seen), writes uploads through the
# service, and signs the upload page's PUT URLs, which act with its permissions (storage.objects.create).
resource "google_storage_bucket_iam_member" "report_objects" {
  bucket = google_storage_bucket.returns.name
  role   = "roles/storage.objectUser"
  member = google_service_account.report.member
}
