#!/usr/bin/env bash
# Publishes a model and its card into the bucket's model registry, at models/<name>/<version>/ (docs/models.md):
#   model/publish_model.sh <model.onnx> <model.card.json> <gs://bucket | local bucket directory>
# The place comes from the card (name, version), the model's sha256 must match the card, and a version that is
# already published is never overwritten (publish a new version instead). Prints the MODEL_URI that promotes it.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <model.onnx> <model.card.json> <gs://bucket | bucket directory>" >&2
  exit 2
fi
model=$1 card=$2 target=${3%/}

read -r name version sha < <(/usr/bin/python3 - "$card" <<'PY'
import json, re, sys
card = json.load(open(sys.argv[1]))
for key in ("name", "version", "sha256"):
    value = card.get(key)
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9._-]+", value):
        sys.exit(f"the card's {key} must be a plain word (letters, digits, . _ -), got {value!r}")
print(card["name"], card["version"], card["sha256"])
PY
)
actual=$(sha256sum "$model" | cut -d' ' -f1)
if [ "$actual" != "$sha" ]; then
  echo "the model's sha256 is $actual but the card names $sha: not published" >&2
  exit 1
fi

place="models/$name/$version"
case "$target" in
  gs://*)
    if gcloud storage ls "$target/$place/" >/dev/null 2>&1; then
      echo "$target/$place/ exists already; versions are never overwritten" >&2
      exit 1
    fi
    gcloud storage cp --no-clobber "$card" "$target/$place/model.card.json"
    gcloud storage cp --no-clobber "$model" "$target/$place/model.onnx"
    uri="$target/$place/model.onnx"
    ;;
  *)
    if [ -e "$target/$place" ]; then
      echo "$target/$place exists already; versions are never overwritten" >&2
      exit 1
    fi
    mkdir -p "$target/$place"
    cp "$card" "$target/$place/model.card.json"
    cp "$model" "$target/$place/model.onnx"
    uri="$(cd "$target" && pwd)/$place/model.onnx"
    ;;
esac
echo "Published $name $version. To promote it, set MODEL_URI=$uri (terraform: -var model_uri=$uri) and deploy."
