terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }

  # State lives in a bucket created once by hand (docs/deployment.md, step 3):
  #   terraform init -backend-config="bucket=<project>-tfstate"
  backend "gcs" {
    prefix = "return-sorter"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = var.labels
}
