"""Unpack the TensorFlow C API from a TensorFlow wheel (a zip file) into <out>/lib and <out>/include.

Usage: python3 extract_wheel.py <wheel.whl> <out>

Copies tensorflow/libtensorflow_cc.so.2 and tensorflow/libtensorflow_framework.so.2 (the wheel's
libraries export the TF_* and TFE_* C symbols the tfjs-node binding calls), and the headers that
tensorflow/c/c_api.h and tensorflow/c/eager/c_api.h include, transitively, from the wheel's
tensorflow/include/ tree (about 100 files, not its 160 MB of Eigen and absl). Prints one JSON line.
"""
import json
import os
import re
import sys
import zipfile

LIBS = ("libtensorflow_cc.so.2", "libtensorflow_framework.so.2")
SEEDS = (
    "tensorflow/c/c_api.h",
    "tensorflow/c/eager/c_api.h",
    "tensorflow/c/tf_datatype.h",
    "tensorflow/c/tf_status.h",
    "tensorflow/c/tf_tensor.h",
    "tensorflow/core/platform/ctstring_internal.h",
)
INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(wheel: str, out: str) -> None:
    z = zipfile.ZipFile(wheel)
    names = set(z.namelist())
    prefix = "tensorflow/include/"
    todo, seen = list(SEEDS), set()
    while todo:
        h = todo.pop()
        if h in seen or prefix + h not in names:
            continue
        seen.add(h)
        todo.extend(m.decode() for m in INCLUDE.findall(z.read(prefix + h)))
    missing = [s for s in SEEDS if s not in seen]
    if missing:
        sys.exit(f"{wheel}: headers {missing} not found under {prefix}")
    for h in sorted(seen):
        copy(z, prefix + h, os.path.join(out, "include", h))
    for lib in LIBS:
        if "tensorflow/" + lib not in names:
            sys.exit(f"{wheel}: tensorflow/{lib} not found")
        copy(z, "tensorflow/" + lib, os.path.join(out, "lib", lib))
    print(json.dumps({"headers": len(seen), "libs": list(LIBS)}))


def copy(z: zipfile.ZipFile, member: str, dst: str) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with z.open(member) as src, open(dst, "wb") as f:
        while True:
            block = src.read(1 << 20)
            if not block:
                break
            f.write(block)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: extract_wheel.py <wheel.whl> <out>")
    main(sys.argv[1], sys.argv[2])
