#!/usr/bin/python3
"""Score one or more exported models on the dev set (model/build/dev, devset.py) with the
garment-photo v2 profile as it is: single-item accuracy, the nightly proxy (right, not "not sure"
and max softmax >= the review threshold 0.70), mean log-loss, per class and per condition.
The dev tensors are computed once and cached in model/build/dev-tensors-<params key>.npz.

  /usr/bin/python3 model/devscore.py model/fashion-mnist-cnn.onnx model/build/run21/fashion-mnist-cnn.onnx
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devtool as D  # noqa: E402
import fmcommon as F  # noqa: E402
import garment_photo as G  # noqa: E402

THRESHOLD = 0.70


def dev_tensors():
    path = os.path.join(F.BUILD_DIR, f"dev-tensors-{G.params_key()}.npz")
    rows, work, ks, _ = D.load_cache()
    if os.path.exists(path):
        z = np.load(path)
        return rows, z["x"], z["unsure"]
    res = [G.preprocess_working(A, int(k)) for A, k in zip(work, ks)]
    x = np.stack([r.tensor for r in res])
    unsure = np.array([r.unsure is not None for r in res])
    np.savez(path, x=x, unsure=unsure)
    return rows, x, unsure


def score(onnx_path, rows, x, unsure, temperature=1.0, verbose=True):
    from train import TorchOnnx
    logits = TorchOnnx(onnx_path).run({"input": x[:, None].astype(np.float32)})[0] / temperature
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    single = np.array([i for i, r in enumerate(rows) if r["kind"] == "single"])
    y = np.array([rows[i]["label"] for i in single])
    ps, pred = p[single], p[single].argmax(1)
    ok = pred == y
    conf = ps.max(1)
    nightly = ok & ~unsure[single] & (conf >= THRESHOLD)
    nll = float(-np.log(np.maximum(ps[np.arange(len(y)), y], 1e-12)).mean())
    out = {"accuracy": float(ok.mean()), "nightly": float(nightly.mean()), "nll": nll,
           "review": float(((conf < THRESHOLD) | unsure[single]).mean()),
           "wrongConfident": float((~ok & (conf >= THRESHOLD) & ~unsure[single]).mean())}
    if verbose:
        print(f"== {onnx_path} (T={temperature}): accuracy {out['accuracy']:.4f}  nightly-proxy {out['nightly']:.4f}  "
              f"to review {out['review']:.3f}  wrong&confident {out['wrongConfident']:.3f}  log-loss {nll:.4f}")
        print("   per class: " + "  ".join(f"{F.LABELS[c]} {ok[y == c].mean():.2f}/{nightly[y == c].mean():.2f}"
                                           for c in range(10)))
        cond = {}
        for j, i in enumerate(single):
            for c in D.conditions(rows[i]):
                cond.setdefault(c, []).append((ok[j], nightly[j]))
        print("   " + "  ".join(f"{c}:{np.mean([a for a, _ in v]):.3f}/{np.mean([b for _, b in v]):.3f}"
                                for c, v in sorted(cond.items())))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx", nargs="+")
    ap.add_argument("--temperature", type=float, default=1.0)
    a = ap.parse_args()
    rows, x, unsure = dev_tensors()
    for path in a.onnx:
        score(path, rows, x, unsure, a.temperature)


if __name__ == "__main__":
    main()
