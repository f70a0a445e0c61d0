#!/usr/bin/env python3
"""Scores one evaluation run of the camera-like set (PROTOCOL.md: one run of the final model).

Reads the answers that bench/run-camera-eval collected (one JSON file per photo from
POST /predict, multipart) and, optionally, where the nightly run put each photo, joins them with
the manifest and prints a Markdown summary: overall, per class, per condition; "not sure" counts
beside every figure. Standard library only, so any python3 runs it.

    evaluate.py --manifest M --answers DIR [--bucket DIR] [--csv OUT]
"""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict

# Manifest columns that name a condition (categorical); jpeg_quality is binned below.
CONDITIONS = ["camera", "orientation", "exif_orientation", "near_edge", "background", "colour_cast",
              "garment_tone", "fabric_texture", "vignetting", "shadow", "marks", "blur", "exposure"]


def quality_bin(q):
    q = int(float(q))
    return "70-79" if q < 80 else "80-89" if q < 90 else "90-95"


def category_segment(label):
    """The batch's folder name for a label (Layout.categorySegment): T-shirt/top -> T-shirt_top."""
    safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in label.strip()).strip()[:100]
    return "Unknown" if not safe or set(safe) == {"."} else safe


def where_sorted(bucket):
    """Maps a file name to the bucket prefix the nightly run left it under."""
    places = {}
    for top in ("processed", "review", "rejected", "incoming"):
        root = os.path.join(bucket, top)
        for folder, _, files in os.walk(root):
            for name in files:
                rel = os.path.relpath(os.path.join(folder, name), bucket)
                places.setdefault(name, []).append(os.path.dirname(rel))
    return places


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--answers", required=True, help="directory of <file>.json predict answers")
    ap.add_argument("--bucket", help="the local bucket after the nightly run over the same photos")
    ap.add_argument("--csv", help="write one row per photo here")
    args = ap.parse_args()

    with open(args.manifest, newline="") as f:
        rows = list(csv.DictReader(f))
    places = where_sorted(args.bucket) if args.bucket else None

    groups = defaultdict(lambda: [0, 0, 0, 0])  # total, right, unsure, nightly right
    per_photo = []
    errors = 0
    for row in rows:
        path = os.path.join(args.answers, row["file"] + ".json")
        try:
            with open(path) as f:
                answer = json.load(f)
        except (OSError, ValueError):
            answer = {}
        category = answer.get("category")
        if category is None:
            errors += 1
        right = category == row["label"]
        unsure = (answer.get("unsure") or {}).get("reason", "")
        nightly = ""
        if places is not None:
            found = places.get(row["file"], [])
            nightly = ";".join(found) if found else "missing"
        nightly_right = nightly == "processed/" + category_segment(row["label"])
        keys = [("all", "all"), ("class", row["label"]), ("jpeg_quality", quality_bin(row["jpeg_quality"]))]
        keys += [(c, row[c]) for c in CONDITIONS if c in row]
        for key in keys:
            g = groups[key]
            g[0] += 1
            g[1] += right
            g[2] += bool(unsure)
            g[3] += nightly_right
        per_photo.append({"file": row["file"], "label": row["label"], "category": category or "",
                          "confidence": answer.get("confidence", ""), "unsure": unsure,
                          "error": answer.get("error", ""), "nightly": nightly})

    def line(name, g):
        cells = [name, str(g[0]), f"{g[1] / g[0]:.3f}", str(g[2])]
        if places is not None:
            cells.append(f"{g[3] / g[0]:.3f}")
        return "| " + " | ".join(cells) + " |"

    head = "| group | photos | predict accuracy | not sure |" + (" nightly in the right processed/ prefix |" if places is not None else "")
    rule = "|---|---:|---:|---:|" + ("---:|" if places is not None else "")
    print(head)
    print(rule)
    print(line("**all**", groups[("all", "all")]))
    for dimension in ["class", "jpeg_quality"] + CONDITIONS:
        for (d, value), g in sorted(groups.items()):
            if d == dimension:
                print(line(f"{d} = {value}", g))
    if errors:
        print(f"\n{errors} photos got no category (an error answer or no answer); they count as wrong.")
    if places is not None:
        where = defaultdict(int)
        for p in per_photo:
            where[p["nightly"].split("/")[0]] += 1
        print("\nnightly destinations: " + ", ".join(f"{k} {v}" for k, v in sorted(where.items())))
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(per_photo[0].keys()), lineterminator="\n")
            w.writeheader()
            w.writerows(per_photo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
