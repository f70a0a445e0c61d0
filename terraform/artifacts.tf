# Artifact Registry repository of the service images (pushed by cloudbuild.yaml).

resource "google_artifact_registry_repository" "images" {
  repository_id = "return-sorter"
  location      = var.region
  format        = "DOCKER"
  description   = "Images of the Return Sorter services"

  # Tags are never moved (cloudbuild.yaml pushes one tag per build), and old versions go.
  docker_config {
    immutable_tags = true
  }

  cleanup_policy_dry_run = false

  cleanup_policies {
    id     = "keep-recent-versions"
    action = "KEEP"
    most_recent_versions {
      keep_count = 10
    }
  }

  cleanup_policies {
    id     = "delete-old-versions"
    action = "DELETE"
    condition {
      older_than = "2592000s"
    }
  }

  depends_on = [google_project_service.apis]
}

# Each service pulls only through Cloud Run's service agent; the deployer pushes. Nothing is granted here
# to the runtime service accounts: Cloud Run pulls images with its own agent in the same project.
