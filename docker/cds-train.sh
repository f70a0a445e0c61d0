#!/usr/bin/env bash
# Writes the AppCDS archive of one service (a JDK 17 dynamic class-data sharing archive, JEP 350):
# starts the service the way its image does, plus -XX:ArchiveClassesAtExit=ARCHIVE, waits until
# GET /health answers 200, sends one real POST /predict for each --predict photo (so the decoding
# and inference classes are archived too), then stops it with SIGTERM; the JVM writes the archive
# as it exits. Last, the archive is checked with -Xshare:on, which refuses to start instead of
# falling back, and deleted if this JVM cannot map it.
#
#   docker/cds-train.sh --jar JAR --options JVM_OPTIONS_FILE --archive OUT.jsa [--port N] [--predict PHOTO]...
#
# The service runs on its local-mode defaults (local bucket, SQLite history, local messaging) in a
# temporary directory, on 127.0.0.1, with LOG_FORMAT=JSON as on Cloud Run: no cloud service and no
# credentials. Classes that only the cloud adapters load (Cloud Storage, Pub/Sub, Firestore) are not
# in the archive; they load from the jar as without one.
#
# The archive is used by `java -XX:SharedArchiveFile=OUT.jsa @JVM_OPTIONS_FILE -jar JAR` only with
# the identical JVM build (and its default CDS archive) and only while JAR keeps its path, size and
# modification time. Otherwise -Xshare:auto, the default, starts without it (a warning, a slower
# start, never a failed one). Used by the three Dockerfiles and by bench/run-benchmarks.
set -euo pipefail

jar=""
options=""
archive=""
port=8080
photos=()
timeout_s=120
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --options) options="$2"; shift 2 ;;
    --archive) archive="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --predict) photos+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cds-train: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -f "$jar" && -f "$options" && -n "$archive" ]] || { echo "cds-train: --jar, --options and --archive are required (see --help)" >&2; exit 2; }
for photo in "${photos[@]}"; do [[ -f "$photo" ]] || { echo "cds-train: no such photo: $photo" >&2; exit 2; }; done
command -v curl >/dev/null || { echo "cds-train: needs curl" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "cds-train: $*; the service's output ends with:" >&2
  tail -30 "$work/service.log" >&2 || true
  rm -f "$archive"
  exit 1
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

rm -f "$archive"
started=$(now_ms)
env PORT="$port" MICRONAUT_SERVER_HOST=127.0.0.1 LOG_FORMAT=JSON \
  STORAGE_KIND=local LOCAL_STORAGE_ROOT="$work/bucket" MESSAGING_KIND=local \
  HISTORY_KIND=sqlite HISTORY_SQLITE_FILE="$work/history.db" NOTIFICATIONS_DIR="$work/notifications" \
  java -XX:ArchiveClassesAtExit="$archive" @"$options" -jar "$jar" >"$work/service.log" 2>&1 &
pid=$!

status=""
while [[ "$status" != 200 ]]; do
  kill -0 "$pid" 2>/dev/null || fail "the service exited before /health answered 200"
  (( $(now_ms) - started < timeout_s * 1000 )) || fail "no 200 from /health within $timeout_s s (last: ${status:-no answer})"
  sleep 0.2
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health" || true)
done
for photo in "${photos[@]}"; do
  status=$(curl -s -o "$work/predict.json" -w '%{http_code}' --max-time 30 -F "file=@$photo" "http://127.0.0.1:$port/predict" || true)
  [[ "$status" == 200 ]] || fail "POST /predict with $photo answered ${status:-nothing}: $(head -c 300 "$work/predict.json" 2>/dev/null)"
done

# SIGTERM runs the shutdown hooks and then the JVM's exit, which writes the archive.
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=""
[[ "$code" == 0 || "$code" == 143 ]] || fail "the service exited with status $code after SIGTERM"
[[ -s "$archive" ]] || fail "the JVM wrote no archive"
java -Xshare:on -XX:SharedArchiveFile="$archive" -XX:ErrorFile="$work/hs_err_%p.log" @"$options" -cp "$jar" -version \
    >"$work/check.log" 2>&1 \
  || { cat "$work/check.log" >>"$work/service.log"; fail "the archive cannot be mapped (-Xshare:on)"; }

answered="GET /health"
[[ ${#photos[@]} -eq 0 ]] || answered+=" and ${#photos[@]} POST /predict"
skipped=$(grep -c 'Skipping .*:' "$work/service.log" || true)
echo "cds-train: wrote $archive ($(awk -v b="$(stat -c %s "$archive")" 'BEGIN { printf "%.1f", b / 1048576 }') MiB) in" \
  "$(( ($(now_ms) - started) / 1000 )) s after $answered answered 200; $skipped classes were left out (JFR events," \
  "classes that fail verification: normal, they load from the jar)"
