"""A tiny NumPy interpreter for the handful of ONNX operators our exported graphs use.

Used to check an exported .onnx against torch (and to compute the model-card figures from
the exported file itself), because onnx.reference is not in Debian's python3-onnx 1.12 and
onnxruntime is not packaged. Not a general ONNX runtime.
"""
import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pad_nchw(x, pads, value=0.0):
    k = len(pads) // 2
    if not any(pads):
        return x
    width = [(0, 0), (0, 0)] + [(pads[i], pads[i + k]) for i in range(k)]
    return np.pad(x, width, mode="constant", constant_values=value)


def _windows(x, kh, kw, sh, sw, dh=1, dw=1):
    """x [N,C,H,W] -> view [N,C,OH,OW,kh,kw]."""
    n, c, h, w = x.shape
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    oh, ow = (h - ekh) // sh + 1, (w - ekw) // sw + 1
    s = x.strides
    return np.lib.stride_tricks.as_strided(
        x, (n, c, oh, ow, kh, kw), (s[0], s[1], s[2] * sh, s[3] * sw, s[2] * dh, s[3] * dw),
        writeable=False)


def _conv(x, w, b, a):
    """Direct convolution: one tensordot per kernel offset (memory-light, BLAS-backed)."""
    group = a.get("group", 1)
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    pads = a.get("pads", [0, 0, 0, 0])
    x = _pad_nchw(x, pads)
    n, cin, h, wd = x.shape
    cout, cpg, kh, kw = w.shape
    oh = (h - ((kh - 1) * dh + 1)) // sh + 1
    ow = (wd - ((kw - 1) * dw + 1)) // sw + 1
    opg = cout // group
    xg = x.reshape(n, group, cpg, h, wd)
    wg = w.reshape(group, opg, cpg, kh, kw)
    out = np.zeros((n, group, opg, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            xs = xg[:, :, :, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw]
            if cpg == 1 and opg == 1:  # depthwise
                out += xs * wg[:, 0, 0, i, j].reshape(1, -1, 1, 1, 1)
            elif group == 1:
                out[:, 0] += np.tensordot(xs[:, 0], wg[0, :, :, i, j], axes=([1], [1])).transpose(0, 3, 1, 2)
            else:
                out += np.einsum("ngchw,goc->ngohw", xs, wg[:, :, :, i, j])
    out = out.reshape(n, cout, oh, ow)
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _maxpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    pads = a.get("pads", [0, 0, 0, 0])
    x = _pad_nchw(x, pads, -np.inf)
    return _windows(np.ascontiguousarray(x), kh, kw, sh, sw).max(axis=(4, 5))


class NumpyOnnx:
    def __init__(self, path_or_model):
        m = onnx.load(path_or_model) if isinstance(path_or_model, str) else path_or_model
        self.graph = m.graph
        self.init = {t.name: numpy_helper.to_array(t).astype(np.float64)
                     if numpy_helper.to_array(t).dtype.kind == "f" else numpy_helper.to_array(t)
                     for t in m.graph.initializer}

    def run(self, feeds):
        env = dict(self.init)
        for k, v in feeds.items():
            env[k] = np.asarray(v, dtype=np.float64)
        for node in self.graph.node:
            a = _attrs(node)
            ins = [env[i] if i else None for i in node.input]
            op = node.op_type
            if op == "Conv":
                y = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
            elif op == "Relu":
                y = np.maximum(ins[0], 0)
            elif op == "Clip":
                lo = ins[1] if len(ins) > 1 and ins[1] is not None else a.get("min", -np.inf)
                hi = ins[2] if len(ins) > 2 and ins[2] is not None else a.get("max", np.inf)
                y = np.clip(ins[0], lo, hi)
            elif op == "MaxPool":
                y = _maxpool(ins[0], a)
            elif op == "GlobalAveragePool":
                y = ins[0].mean(axis=(2, 3), keepdims=True)
            elif op == "Flatten":
                ax = a.get("axis", 1)
                y = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
            elif op == "Reshape":
                shape = [int(s) for s in ins[1]]
                shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
                y = ins[0].reshape(shape)
            elif op == "Gemm":
                A, B = ins[0], ins[1]
                if a.get("transA", 0):
                    A = A.T
                if a.get("transB", 0):
                    B = B.T
                y = a.get("alpha", 1.0) * (A @ B)
                if len(ins) > 2 and ins[2] is not None:
                    y = y + a.get("beta", 1.0) * ins[2]
            elif op == "MatMul":
                y = ins[0] @ ins[1]
            elif op == "Add":
                y = ins[0] + ins[1]
            elif op == "Mul":
                y = ins[0] * ins[1]
            elif op == "BatchNormalization":
                x, sc, bi, mu, var = ins[:5]
                eps = a.get("epsilon", 1e-5)
                r = lambda t: t.reshape(1, -1, 1, 1)
                y = (x - r(mu)) / np.sqrt(r(var) + eps) * r(sc) + r(bi)
            elif op == "Constant":
                y = numpy_helper.to_array(a["value"])
            elif op == "Identity" or op == "Dropout":
                y = ins[0]
            elif op == "Shape":
                y = np.array(ins[0].shape, dtype=np.int64)
            elif op == "Gather":
                y = np.take(ins[0], ins[1].astype(np.int64), axis=a.get("axis", 0))
            elif op == "Unsqueeze":
                axes = [int(t) for t in (ins[1] if len(ins) > 1 else a["axes"])]
                y = ins[0]
                for ax in sorted(axes):
                    y = np.expand_dims(y, ax)
            elif op == "Concat":
                y = np.concatenate([np.atleast_1d(t) for t in ins], axis=a["axis"])
            else:
                raise NotImplementedError(f"ONNX op {op} not supported by onnx_numpy")
            env[node.output[0]] = y
        return [env[o.name] for o in self.graph.output]


def op_types(path):
    return sorted({n.op_type for n in onnx.load(path).graph.node})
