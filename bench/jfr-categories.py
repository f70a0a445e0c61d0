#!/usr/bin/env python3
"""Where a request's CPU goes, from a JFR recording of the predict function under load (bench/profile-predict).

    python3 bench/jfr-categories.py RECORDING.jfr

Java samples (jdk.ExecutionSample, every 10 ms per running thread with settings=profile) are put in the
first category whose rule matches a frame of the stack (leaf to root order does not matter: the rules are
tried in the order below, most specific first). Threads in native code are sampled separately
(jdk.NativeMethodSample, every 20 ms with settings=profile, counted twice here to weigh like the Java
samples): the JDK's JPEG decoder (libjpeg) and ONNX Runtime run there. Only those of the inference threads
in the JPEG decoder or ONNX Runtime count. JFR samples at most one thread in native code per period, and
threads waiting in epoll compete for that slot, so the native categories are a lower bound (for the
split of decode and preprocess CPU time per photo, see benchmarks' StageCpuTime).
"""
import collections
import json
import subprocess
import sys

RULES = [
    ("inference: ONNX Runtime", ["ai.onnxruntime", "ai/onnxruntime"]),
    ("decode: WebP (TwelveMonkeys)", ["imageio.plugins.webp", "imageio/plugins/webp"]),
    ("decode: PNG (JDK)", ["PNGImageReader", "plugins/png"]),
    ("decode: JPEG (JDK, Java side)", ["JPEGImageReader", "plugins/jpeg"]),
    ("decode: other readers / rasters", ["javax/imageio", "twelvemonkeys", "java/awt/image", "sun/awt/image"]),
    ("decode: header checks, EXIF", ["HeaderInspector", "JpegHeader", "PngHeader", "WebpHeader", "ExifOrientation",
                                     "ImageFormat", "JpegMetadata", "DeadlineImageInputStream"]),
    ("decode: to ARGB / luma reduction", ["ImageDecoder.toArgb", "LumaReduction"]),
    ("preprocess (garment-photo v2)", ["GarmentPhotoPreprocessor", "FashionMnistPreprocessor", "AreaResampler"]),
    ("JSON (serde)", ["jackson", "micronaut/serde", "micronaut/json"]),
    ("logging", ["logback", "org/slf4j"]),
    ("stats / metrics", ["micrometer", "RequestStats", "StatsFilter"]),
    ("upload admission (filter, budget)", ["UploadAdmissionFilter", "UploadBudget"]),
    ("security / keys / rate limits", ["micronaut/security", "RateLimit", "predict/access"]),
    ("HTTP: Micronaut (routing, body, binding)", ["io/micronaut/http", "io/micronaut/core", "io/micronaut/web",
                                                  "io/micronaut/context", "io/micronaut/scheduling"]),
    ("HTTP: Netty (accept, read, write)", ["io/netty"]),
    ("reactor", ["reactor/"]),
    ("JFR itself", ["jdk/jfr"]),
    ("JDK other", ["java/", "jdk/", "sun/"]),
]


def events(recording, kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", kind, recording],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(event):
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in event["values"]["stackTrace"]["frames"]]


def category(stack):
    for name, keys in RULES:
        if any(k in frame for frame in stack for k in keys):
            return name
    return "other"


def main(recording):
    counts = collections.Counter()
    for event in events(recording, "jdk.ExecutionSample"):
        counts[category(frames(event))] += 1
    for event in events(recording, "jdk.NativeMethodSample"):
        if not event["values"]["sampledThread"]["javaName"].startswith("inference"):
            continue
        stack = frames(event)
        if stack and ("JPEGImageReader" in stack[0] or "onnxruntime" in stack[0]):
            native = "decode: JPEG (libjpeg, native)" if "JPEG" in stack[0] else "inference: ONNX Runtime"
            counts[native] += 2
    total = sum(counts.values())
    print(f"{total} samples (10 ms each)")
    for name, n in counts.most_common():
        print(f"{100.0 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
