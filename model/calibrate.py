#!/usr/bin/python3
"""Temperature of a model's logits fitted on the camera-rendered VALIDATION split (the 1,000 photos
train.py uses for epoch selection; not the dev set, not held-out, not model/eval): the T that
minimises the mean log-loss of softmax(logits / T). Prints T and the dev-set figures with it.

  /usr/bin/python3 model/calibrate.py model/fashion-mnist-cnn.onnx
"""
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmcommon as F  # noqa: E402
import train as T  # noqa: E402


def nll(logits, y, t):
    z = logits / t
    z = z - z.max(1, keepdims=True)
    return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean())


def fit(onnx_path):
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    d = {"pool_x": z["pool_x"], "pool_y": z["pool_y"]}
    _, rva = T.camera_subsets(d)
    cam = np.load(glob.glob(os.path.join(F.BUILD_DIR, "camrender-*-val-*-1000.npz"))[0])
    assert np.array_equal(cam["indices"], rva)
    logits = T.TorchOnnx(onnx_path).run({"input": cam["x"][:, None].astype(np.float32)})[0]
    y = d["pool_y"][rva]
    ts = np.arange(0.40, 1.61, 0.01)
    losses = [nll(logits, y, t) for t in ts]
    best = float(ts[int(np.argmin(losses))])
    print(f"{onnx_path}: rendered-validation log-loss {nll(logits, y, 1.0):.4f} at T=1, "
          f"{min(losses):.4f} at T={best:.2f}; accuracy {(logits.argmax(1) == y).mean():.4f}")
    return best


if __name__ == "__main__":
    import devscore
    rows, x, unsure = devscore.dev_tensors()
    for path in sys.argv[1:]:
        t = fit(path)
        devscore.score(path, rows, x, unsure, 1.0)
        devscore.score(path, rows, x, unsure, t)
