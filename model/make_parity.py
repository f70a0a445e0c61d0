#!/usr/bin/python3
"""Parity fixture of the garment-photo v2 profile (model/PREPROCESSING.md) and dev-set figures.

  /usr/bin/python3 model/make_parity.py --inputs        # (re)render model/parity/garment-photo/* (deterministic)
  /usr/bin/python3 model/make_parity.py                 # write model/parity/garment-photo-golden.json
  /usr/bin/python3 model/make_parity.py --dev [--onnx P] # dev-set figures (model/build/dev, devset.py)

Parity inputs are rendered by camera_render.py from training-pool VALIDATION-split images (seed
20261209), never from held-out images; plus some samples/returns photos.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camera_render as CR  # noqa: E402
import fmcommon as F  # noqa: E402
import garment_photo as G  # noqa: E402
from onnx_numpy import NumpyOnnx  # noqa: E402

SEED = 20261209
PARITY_DIR = os.path.join(F.MODEL_DIR, "parity", "garment-photo")
GOLDEN = os.path.join(F.MODEL_DIR, "parity", "garment-photo-golden.json")

# name, kind, overrides of the drawn conditions
INPUTS = [
    ("cam_4032x3024_vignetting.jpg", "single", dict(camera=True, portrait=False, W=4032, H=3024, exif6=False,
                                                    vignetting=0.45, format="jpg", quality=88, label=False, tape=False)),
    ("cam_3024x4032_exif6.jpg", "single", dict(camera=True, portrait=True, W=3024, H=4032, exif6=True,
                                               vignetting=0.25, sidelight=0.25, format="jpg", quality=80)),
    ("moderate_1600x1200_marks.jpg", "single", dict(camera=False, W=1600, H=1200, exif6=False, label=True,
                                                    tape=True, format="jpg", quality=90)),
    ("moderate_1024x768_light.jpg", "single", dict(camera=False, W=1024, H=768, exif6=False, tone="light",
                                                   format="jpg", quality=85)),
    ("moderate_2000x1500_shadow.jpg", "single", dict(camera=False, W=2000, H=1500, exif6=False, shadow=0.25,
                                                     sidelight=0.3, format="jpg", quality=75)),
    ("moderate_800x600_under.jpg", "single", dict(camera=False, W=800, H=600, exif6=False, exposure=0.6,
                                                  format="jpg", quality=70)),
    ("lossless_640x480.png", "single", dict(camera=False, W=640, H=480, exif6=False, format="png")),
    ("lossless_900x600_edge.png", "single", dict(camera=False, W=900, H=600, exif6=False, nearEdge=True,
                                                 format="png")),
    ("lossless_600x800_coloured.png", "single", dict(camera=False, W=600, H=800, exif6=False, tone="coloured",
                                                     vignetting=0.4, format="png")),
    ("webp_800x600.webp", "single", dict(camera=False, W=800, H=600, exif6=False, format="webp", quality=85)),
    ("blank_1600x1200.jpg", "blank", dict(camera=False, W=1600, H=1200, exif6=False, label=False, tape=False,
                                          format="jpg", quality=85, vignetting=0.3)),
    ("blank_640x480.png", "blank", dict(camera=False, W=640, H=480, exif6=False, label=False, tape=False,
                                        format="png")),
    ("two_items_1600x1200.jpg", "two", dict(camera=False, W=1600, H=1200, exif6=False, label=False, tape=False,
                                            format="jpg", quality=90, shadow=0.0)),
    ("two_items_800x600.png", "two", dict(camera=False, W=800, H=600, exif6=False, label=False, tape=False,
                                          format="png", shadow=0.0)),
]


def pool():
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    return z["pool_x"], z["pool_y"]


def render_inputs():
    px, py = pool()
    _, va = F.split_pool(py)
    os.makedirs(PARITY_DIR, exist_ok=True)
    rows = []
    for n, (name, kind, over) in enumerate(INPUTS):
        rng = np.random.RandomState([SEED, n])
        picks = [int(i) for i in rng.choice(va, {"single": 1, "blank": 0, "two": 2}[kind], replace=False)]
        c = CR.draw_conditions(rng, blank=(kind == "blank"), items=len(picks))
        c.update(over)
        if kind == "single" and "tone" not in over and c["tone"] == "lighter":
            c["tone"] = "dark"
        data = CR.render_encoded([px[i] for i in picks], rng, c)
        with open(os.path.join(PARITY_DIR, name), "wb") as f:
            f.write(data)
        rows.append({"file": name, "kind": kind, "poolIndex": picks,
                     "labelIndex": int(py[picks[0]]) if kind == "single" else -1, "conditions": c})
        print(name, len(data), "bytes")
    with open(os.path.join(PARITY_DIR, "inputs.json"), "w") as f:
        json.dump(rows, f, indent=1)
        f.write("\n")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def write_golden(onnx_path, out_path=GOLDEN):
    from PIL import Image
    from train import TorchOnnx
    runner = TorchOnnx(onnx_path)      # same graph weights as the .onnx (checked in train.evaluate)
    rows = json.load(open(os.path.join(PARITY_DIR, "inputs.json")))
    entries = []
    for r in rows:
        entries.append(("model/parity/garment-photo/" + r["file"], r["kind"], r["labelIndex"]))
    with open(os.path.join(F.REPO_DIR, "samples", "returns-manifest.csv")) as f:
        import csv
        man = list(csv.DictReader(f))
    pick = [m for m in man if m["format"] == "png"][:3] + [m for m in man if m["format"] == "webp"][:2] + \
        [m for m in man if m["format"] == "jpg" and int(m["exif_orientation"] or 0) == 0][:2] + \
        [m for m in man if m["format"] == "jpg" and int(m["exif_orientation"] or 0) > 1][:2]
    for m in pick:
        entries.append(("samples/returns/" + m["filename"], "sample", int(m["label_index"])))
    items = []
    for path, kind, label in entries:
        full = os.path.join(F.REPO_DIR, path)
        with Image.open(full) as im:
            stored = im.size
            exif = im.getexif().get(0x0112, 0) if hasattr(im, "getexif") else 0
        res = G.preprocess_file(full)
        logits = runner.run({"input": res.tensor[None, None].astype(np.float32)})[0]
        inf = res.info
        items.append({
            "file": path, "format": os.path.splitext(path)[1][1:], "exifOrientation": int(exif or 0),
            "storedWidth": stored[0], "storedHeight": stored[1], "kind": kind, "labelIndex": label,
            "k": int(inf["k"]), "working": [int(inf["working"][0]), int(inf["working"][1])],
            "sigma": round(float(inf["sigma"]), 6), "T": round(float(inf["T"]), 6),
            "bbox": [int(v) for v in inf["bbox"]] if "bbox" in inf else None,
            "verdict": res.unsure,
            "tensor": [round(float(v), 5) for v in res.tensor.reshape(-1)],
            "probabilities": [round(float(v), 6) for v in softmax(logits)[0]]})
        print(path, kind, label, "->", int(np.argmax(logits)), res.unsure, inf.get("bbox"))
    out = {"schemaVersion": 1, "profile": G.PROFILE, "version": G.VERSION, "parameters": dict(G.PARAMS),
           "model": os.path.basename(onnx_path), "modelSha256": sha256(onnx_path),
           "tensorDecimals": 5, "probabilityDecimals": 6, "items": items}
    sys.path.insert(0, F.MODEL_DIR)
    from train import compact_json
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        f.write(compact_json(out))
    print("wrote", out_path, len(items), "items")


def verdict_counts(rows, res, kind):
    vs = [str(res[i].unsure) for i, r in enumerate(rows) if r["kind"] == kind]
    return {v: vs.count(v) for v in sorted(set(vs))}


def dev_evaluation(onnx_path, baseline_onnx=None):
    """Accuracy per condition on the dev set (model/build/dev), new profile; with baseline_onnx also
    the fashion-mnist profile with that model. Returns a dict for the card."""
    import devtool as D
    rows, work, ks, old = D.load_cache()
    from train import TorchOnnx
    runner = TorchOnnx(onnx_path)
    res = [G.preprocess_working(A, int(k)) for A, k in zip(work, ks)]
    x = np.stack([r.tensor for r in res])
    pred = runner.run({"input": x[:, None].astype(np.float32)})[0].argmax(1)
    per, acc = D.report(rows, pred, [r.unsure for r in res], "garment-photo v2 + " + os.path.basename(onnx_path))
    single = [i for i, r in enumerate(rows) if r["kind"] == "single"]
    y = np.array([rows[i]["label"] for i in single])
    pc = {F.LABELS[c]: round(float((pred[single][y == c] == c).mean()), 4) for c in range(10)}
    out = {"source": "model/devset.py: 600 camera-like photos (60 per class) rendered by model/camera_render.py "
                     "from the training pool's VALIDATION split (seed 20261207), + 30 blank and 30 two-item "
                     "frames; used to choose the profile's parameters, so NOT an independent figure",
           "singleItemAccuracy": round(acc, 4), "perCondition": {k: {"accuracy": v[0], "images": v[1]}
                                                                for k, v in sorted(per.items())},
           "perClassRecall": pc,
           "unsureOnSingleItems": int(sum(res[i].unsure is not None for i in single)),
           "blankFrames": verdict_counts(rows, res, "blank"),
           "twoItemFrames": verdict_counts(rows, res, "two")}
    if baseline_onnx:
        bp = TorchOnnx(baseline_onnx).run({"input": old[:, None].astype(np.float32)})[0].argmax(1)
        bper, bacc = D.report(rows, bp, [None] * len(rows), "fashion-mnist v1 + " + os.path.basename(baseline_onnx))
        out["baselineFashionMnistProfile"] = {"model": baseline_onnx, "singleItemAccuracy": round(bacc, 4),
                                              "perCondition": {k: {"accuracy": v[0], "images": v[1]}
                                                               for k, v in sorted(bper.items())}}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", action="store_true")
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--onnx", default=os.path.join(F.MODEL_DIR, "fashion-mnist-cnn.onnx"))
    ap.add_argument("--baseline", default=None)
    a = ap.parse_args()
    if a.inputs:
        render_inputs()
    elif a.dev:
        out = dev_evaluation(a.onnx, a.baseline)
        print(json.dumps(out, indent=1))
    else:
        write_golden(a.onnx)


if __name__ == "__main__":
    main()
