#!/usr/bin/env python3
"""albert_peers: the Python side of `albert-jit bench --compare ...`.

Runs ALBERT on the peers albert-jit is compared with, on the same checkpoint and
the same token ids:

  pytorch      Hugging Face `transformers` AlbertModel, eager PyTorch
  onnxruntime  the same model exported with torch.onnx.export (TorchScript exporter,
               opset 17, dynamic batch/seq) and optimised with ONNX Runtime's
               transformer optimizer (model_type="bert"); cached by checkpoint hash
  openvino     openvino.convert_model on the PyTorch model, saved as IR (cached),
               compiled for CPU with the LATENCY hint

Modes
  --serve            speak the JSON-lines protocol below on stdin/stdout
  --check            print which peers can be imported here (exit 1 if none)
  --verify MODEL_DIR run every available peer on the fixture cases of
                     MODEL_DIR/reference.safetensors and compare last_hidden_state
  --export PEER MODEL_DIR OUT   (internal) export/convert into OUT; run in a child
                     process so the serving process of onnxruntime/openvino never
                     imports torch (its peak RSS stays that of the runtime alone)

Protocol (one JSON object per line; every reply has "ok"; errors are
{"ok": false, "error": "...", "unsupported": bool}):
  {"op":"hello"}                       -> {"ok":true,"protocol":1,"python":"3.11.7",
                                           "peers":{name:{"available":bool,"version":str|null,"error":str|null}}}
  {"op":"load","peer":P,"model_dir":D,"threads":T,"precision":"fp32"|"bf16","cache_dir":C}
                                       -> {"ok":true,"handle":H,"runtime":P,"version":V,
                                           "precision":..,"load_ms":..,"cached":bool,"note":..}
  {"op":"input","batch":B,"seq":S,"input_ids":[..B*S],"token_type_ids":[..],"attention_mask":[..]}
                                       -> {"ok":true}
  {"op":"run","handle":H,"output":bool} -> {"ok":true,"ms":float,"shape":[B,S,H],
                                           "output_b64": base64 of little-endian f32 (when output)}
  {"op":"unload","handle":H}           -> {"ok":true}
  {"op":"stats"}                       -> {"ok":true,"max_rss_bytes":int,"rss_bytes":int}
  {"op":"reset_peak_rss"}              -> {"ok":true,"reset":bool}
  {"op":"quit"}                        -> {"ok":true}, then exit
"ms" is measured in this process around the inference call alone (perf_counter),
output included; parsing requests and encoding replies are not timed.
Whatever the libraries print goes to stderr: stdout carries the protocol only.
"""

import argparse
import base64
import gc
import hashlib
import importlib.util
import json
import os
import struct
import subprocess
import sys
import time

PROTOCOL = 1
PEERS = ("pytorch", "onnxruntime", "openvino")
# Bumped when the export recipe changes, so stale cached models are not reused.
EXPORT_RECIPE = "1"

# Which importable modules (and pip distributions for versions) each peer needs.
# onnxruntime/openvino also need torch+transformers to export, unless cached.
REQUIRES = {
    "pytorch": [("torch", "torch"), ("transformers", "transformers")],
    "onnxruntime": [("onnxruntime", "onnxruntime"), ("onnx", "onnx"), ("numpy", "numpy")],
    "openvino": [("openvino", "openvino"), ("numpy", "numpy")],
    "fake": [],
}
EXPORT_REQUIRES = [("torch", "torch"), ("transformers", "transformers")]
VERSION_DIST = {"pytorch": "torch", "onnxruntime": "onnxruntime", "openvino": "openvino"}


def log(*args):
    print("[albert_peers]", *args, file=sys.stderr, flush=True)


def dist_version(dist):
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001 - any failure means "unknown"
        return None


def peer_status(peer, need_export=True):
    """(available, version, error) without importing the heavy modules."""
    if peer not in REQUIRES:
        return False, None, f"unknown peer '{peer}' (known: {', '.join(PEERS)})"
    needs = list(REQUIRES[peer])
    if need_export and peer in ("onnxruntime", "openvino"):
        needs += EXPORT_REQUIRES
    missing = [mod for mod, _ in needs if importlib.util.find_spec(mod) is None]
    version = "test" if peer == "fake" else dist_version(VERSION_DIST[peer])
    if missing:
        return False, version, f"python module(s) not importable: {', '.join(missing)}"
    return True, version, None


# --------------------------------------------------------------------------- model


def read_config(model_dir):
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        return json.load(f)


def checkpoint_hash(model_dir):
    """sha256 over config.json and the weight files: the cache key of exports."""
    h = hashlib.sha256()
    names = sorted(os.listdir(model_dir))
    for name in ["config.json"] + [
        n for n in names if n.endswith((".safetensors", ".bin")) and n != "reference.safetensors"
    ]:
        path = os.path.join(model_dir, name)
        if not os.path.isfile(path):
            continue
        h.update(name.encode())
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]


def load_hf_model(model_dir, attn_implementation=None):
    import torch
    import transformers

    kwargs = {}
    major = int(transformers.__version__.split(".")[0])
    # transformers >= 5 (and late 4.x) take dtype=; older ones torch_dtype=.
    kwargs["dtype" if major >= 5 else "torch_dtype"] = torch.float32
    if attn_implementation:
        kwargs["attn_implementation"] = attn_implementation
    model = transformers.AlbertModel.from_pretrained(model_dir, **kwargs)
    model.eval()
    return model


def export_onnx(model_dir, out_path):
    """torch.onnx.export (TorchScript exporter) + ORT transformer optimizer."""
    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    cfg = read_config(model_dir)
    model = load_hf_model(model_dir, attn_implementation="eager")
    ids = torch.full((2, 16), 5, dtype=torch.int64)
    ids[:, 0], ids[:, -1] = 2, 3
    mask = torch.ones_like(ids)
    types = torch.zeros_like(ids)
    raw = out_path + ".raw.onnx"
    dyn = {0: "batch", 1: "seq"}
    with torch.inference_mode():
        torch.onnx.export(
            model,
            (ids, mask, types),
            raw,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state", "pooler_output"],
            dynamic_axes={
                "input_ids": dyn,
                "attention_mask": dyn,
                "token_type_ids": dyn,
                "last_hidden_state": dyn,
                "pooler_output": {0: "batch"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
    opt = optimize_model(
        raw,
        model_type="bert",
        num_heads=int(cfg["num_attention_heads"]),
        hidden_size=int(cfg["hidden_size"]),
        use_gpu=False,
    )
    stats = {k: v for k, v in opt.get_fused_operator_statistics().items() if v}
    opt.save_model_to_file(out_path)
    os.remove(raw)
    with open(out_path + ".json", "w", encoding="utf-8") as f:
        json.dump({"fused": stats}, f)
    log("onnxruntime export:", out_path, "fused:", stats)


def export_openvino(model_dir, out_path):
    """openvino.convert_model on the PyTorch model, saved as IR (.xml + .bin)."""
    import openvino as ov
    import torch

    model = load_hf_model(model_dir)
    ids = torch.full((2, 16), 5, dtype=torch.int64)
    ids[:, 0], ids[:, -1] = 2, 3
    example = {
        "input_ids": ids,
        "attention_mask": torch.ones_like(ids),
        "token_type_ids": torch.zeros_like(ids),
    }
    with torch.inference_mode():
        ovm = ov.convert_model(
            model,
            example_input=example,
            input=[
                ("input_ids", ov.PartialShape([-1, -1]), ov.Type.i64),
                ("attention_mask", ov.PartialShape([-1, -1]), ov.Type.i64),
                ("token_type_ids", ov.PartialShape([-1, -1]), ov.Type.i64),
            ],
        )
    ov.save_model(ovm, out_path, compress_to_fp16=False)
    log("openvino export:", out_path)


EXPORTERS = {"onnxruntime": (export_onnx, ".onnx"), "openvino": (export_openvino, ".xml")}


def cached_export(peer, model_dir, cache_dir):
    """Path of the exported model for this checkpoint, exporting (in a child) if absent."""
    _, ext = EXPORTERS[peer]
    key = f"{checkpoint_hash(model_dir)}-r{EXPORT_RECIPE}"
    out_dir = os.path.join(cache_dir, peer, key)
    out = os.path.join(out_dir, "model" + ext)
    if os.path.exists(out):
        return out, True
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, f"tmp-{os.getpid()}")
    os.makedirs(tmp, exist_ok=True)
    tmp_out = os.path.join(tmp, "model" + ext)
    cmd = [sys.executable, os.path.abspath(__file__), "--export", peer, model_dir, tmp_out]
    log("exporting:", " ".join(cmd))
    env = dict(os.environ)
    proc = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{peer} export failed (exit {proc.returncode}); see the peer log")
    for name in os.listdir(tmp):
        os.replace(os.path.join(tmp, name), os.path.join(out_dir, name))
    os.rmdir(tmp)
    return out, False


# --------------------------------------------------------------------------- peers


class Unsupported(Exception):
    """The peer cannot do what was asked (e.g. a precision): skip it, not a failure."""


class Inputs:
    def __init__(self, batch, seq, input_ids, token_type_ids, attention_mask):
        self.batch, self.seq = batch, seq
        self.lists = {
            "input_ids": input_ids,
            "token_type_ids": token_type_ids,
            "attention_mask": attention_mask,
        }
        for name, values in self.lists.items():
            if len(values) != batch * seq:
                raise ValueError(f"{name} has {len(values)} ids, expected {batch}*{seq}")
        self._np = None
        self._torch = None

    def numpy(self):
        if self._np is None:
            import numpy as np

            self._np = {
                k: np.asarray(v, dtype=np.int64).reshape(self.batch, self.seq)
                for k, v in self.lists.items()
            }
        return self._np

    def torch(self):
        if self._torch is None:
            import torch

            self._torch = {k: torch.from_numpy(v.copy()) for k, v in self.numpy().items()}
        return self._torch


class PyTorchPeer:
    runtime = "pytorch"

    def __init__(self, model_dir, threads, precision, cache_dir):
        import torch

        if precision not in ("fp32", "bf16"):
            raise Unsupported(f"pytorch: precision {precision} not supported (fp32, bf16)")
        self.torch = torch
        self.threads = threads
        self.precision = precision
        try:  # only possible before the first parallel region
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass
        torch.set_num_threads(threads)
        self.model = load_hf_model(model_dir)
        self.hidden = int(read_config(model_dir)["hidden_size"])
        import transformers

        attn = getattr(self.model.config, "_attn_implementation", "?")
        self.version = torch.__version__
        self.note = f"transformers {transformers.__version__}, attention {attn}"

    def run(self, inputs):
        torch = self.torch
        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)
        t = inputs.torch()
        start = time.perf_counter()
        with torch.inference_mode():
            if self.precision == "bf16":
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    out = self.model(**t).last_hidden_state
            else:
                out = self.model(**t).last_hidden_state
        ms = (time.perf_counter() - start) * 1e3
        return ms, out

    @staticmethod
    def to_f32_bytes(out):
        return out.float().contiguous().numpy().astype("<f4", copy=False).tobytes()


class OnnxRuntimePeer:
    runtime = "onnxruntime"

    def __init__(self, model_dir, threads, precision, cache_dir):
        if precision != "fp32":
            raise Unsupported(f"onnxruntime: precision {precision} not supported (fp32 only)")
        import onnxruntime as ort

        path, self.cached = cached_export("onnxruntime", model_dir, cache_dir)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        self.names = {i.name for i in self.session.get_inputs()}
        self.version = ort.__version__
        self.precision = precision
        fused = {}
        try:
            with open(path + ".json", encoding="utf-8") as f:
                fused = json.load(f).get("fused", {})
        except OSError:
            pass
        self.note = "optimizer fused " + (
            ", ".join(f"{k}x{v}" for k, v in sorted(fused.items())) or "nothing"
        )

    def run(self, inputs):
        feeds = {k: v for k, v in inputs.numpy().items() if k in self.names}
        start = time.perf_counter()
        out = self.session.run(["last_hidden_state"], feeds)[0]
        ms = (time.perf_counter() - start) * 1e3
        return ms, out

    @staticmethod
    def to_f32_bytes(out):
        return out.astype("<f4", copy=False).tobytes()


class OpenVinoPeer:
    runtime = "openvino"

    def __init__(self, model_dir, threads, precision, cache_dir):
        if precision not in ("fp32", "bf16"):
            raise Unsupported(f"openvino: precision {precision} not supported (fp32, bf16)")
        import openvino as ov

        path, self.cached = cached_export("openvino", model_dir, cache_dir)
        core = ov.Core()
        if precision == "bf16":
            caps = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
            if "BF16" not in caps:
                raise Unsupported(f"openvino: this CPU has no bf16 support ({caps})")
        config = {
            "PERFORMANCE_HINT": "LATENCY",
            "INFERENCE_NUM_THREADS": int(threads),
            # Explicit: on CPUs with bf16 support OpenVINO's default is bf16.
            "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32",
        }
        model = core.read_model(path)
        self.compiled = core.compile_model(model, "CPU", config)
        self.request = self.compiled.create_infer_request()
        self.names = {n for i in self.compiled.inputs for n in i.get_names()}
        self.out_index = 0
        for idx, out in enumerate(self.compiled.outputs):
            if "last_hidden_state" in out.get_names():
                self.out_index = idx
        self.version = ov.__version__.split("-")[0]
        self.precision = precision
        got = self.compiled.get_property("INFERENCE_PRECISION_HINT")
        got = got.get_type_name() if hasattr(got, "get_type_name") else str(got)
        self.note = f"LATENCY hint, inference precision {got}"

    def run(self, inputs):
        feeds = {k: v for k, v in inputs.numpy().items() if k in self.names}
        start = time.perf_counter()
        self.request.infer(feeds)
        out = self.request.get_output_tensor(self.out_index).data
        ms = (time.perf_counter() - start) * 1e3
        return ms, out

    @staticmethod
    def to_f32_bytes(out):
        return out.astype("<f4", copy=False).tobytes()


class FakePeer:
    """A peer for albert-bench's own tests: no numpy/torch, exact arithmetic.

    last_hidden_state[b, s, h] = ((id * 31 + s * 7 + h) % 1000) / 1000 + offset,
    where offset comes from ALBERT_PEERS_FAKE_OFFSET (to test the agreement check).
    """

    runtime = "fake"

    def __init__(self, model_dir, threads, precision, cache_dir):
        if os.environ.get("ALBERT_PEERS_FAKE_FAIL_LOAD"):
            raise RuntimeError("fake peer: load failure requested")
        self.hidden = int(read_config(model_dir)["hidden_size"])
        self.offset = float(os.environ.get("ALBERT_PEERS_FAKE_OFFSET", "0"))
        self.version = "0.0-test"
        self.precision = precision
        self.cached = False
        self.note = "test peer"

    def run(self, inputs):
        start = time.perf_counter()
        ids = inputs.lists["input_ids"]
        vals = []
        for b in range(inputs.batch):
            for s in range(inputs.seq):
                i = ids[b * inputs.seq + s]
                vals.extend(
                    ((i * 31 + s * 7 + h) % 1000) / 1000.0 + self.offset for h in range(self.hidden)
                )
        ms = (time.perf_counter() - start) * 1e3
        return ms, vals

    @staticmethod
    def to_f32_bytes(out):
        return struct.pack(f"<{len(out)}f", *out)


PEER_CLASSES = {
    "pytorch": PyTorchPeer,
    "onnxruntime": OnnxRuntimePeer,
    "openvino": OpenVinoPeer,
    "fake": FakePeer,
}


def output_shape(peer, out, inputs):
    if isinstance(out, list):
        return [inputs.batch, inputs.seq, len(out) // max(1, inputs.batch * inputs.seq)]
    return [int(d) for d in out.shape]


# --------------------------------------------------------------------------- memory


def max_rss_bytes():
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(r) if sys.platform == "darwin" else int(r) * 1024


def status_bytes(field):
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Linux: writing 5 to clear_refs resets VmHWM (the peak RSS) of this process."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


# --------------------------------------------------------------------------- server


class Server:
    def __init__(self):
        self.handles = {}
        self.inputs = None

    def hello(self, req):
        peers = {}
        for name in PEERS + (("fake",) if os.environ.get("ALBERT_PEERS_FAKE") else ()):
            ok, version, err = peer_status(name)
            peers[name] = {"available": ok, "version": version, "error": err}
        return {
            "protocol": PROTOCOL,
            "python": ".".join(map(str, sys.version_info[:3])),
            "executable": sys.executable,
            "peers": peers,
        }

    def load(self, req):
        peer = req["peer"]
        if peer not in PEER_CLASSES or (peer == "fake" and not os.environ.get("ALBERT_PEERS_FAKE")):
            raise Unsupported(f"unknown peer '{peer}' (known: {', '.join(PEERS)})")
        threads = int(req.get("threads", 1))
        precision = req.get("precision", "fp32")
        model_dir = os.path.abspath(req["model_dir"])
        cache_dir = req.get("cache_dir") or default_cache_dir()
        handle = f"{peer}/{threads}/{precision}"
        if handle in self.handles:
            p = self.handles[handle]
            return self.describe(handle, p, 0.0)
        ok, _, err = peer_status(peer, need_export=False)
        if not ok:
            raise Unsupported(f"{peer}: {err}")
        start = time.perf_counter()
        p = PEER_CLASSES[peer](model_dir, threads, precision, cache_dir)
        load_ms = (time.perf_counter() - start) * 1e3
        self.handles[handle] = p
        return self.describe(handle, p, load_ms)

    @staticmethod
    def describe(handle, p, load_ms):
        return {
            "handle": handle,
            "runtime": p.runtime,
            "version": p.version,
            "precision": p.precision,
            "load_ms": load_ms,
            "cached": bool(getattr(p, "cached", False)),
            "note": getattr(p, "note", ""),
        }

    def input(self, req):
        self.inputs = Inputs(
            int(req["batch"]),
            int(req["seq"]),
            req["input_ids"],
            req["token_type_ids"],
            req["attention_mask"],
        )
        return {}

    def run(self, req):
        p = self.handles.get(req["handle"])
        if p is None:
            raise ValueError(f"no loaded peer with handle {req['handle']!r}")
        if self.inputs is None:
            raise ValueError("no input: send an 'input' request first")
        ms, out = p.run(self.inputs)
        reply = {"ms": ms, "shape": output_shape(p, out, self.inputs)}
        if req.get("output"):
            reply["output_b64"] = base64.b64encode(p.to_f32_bytes(out)).decode("ascii")
        return reply

    def unload(self, req):
        self.handles.pop(req["handle"], None)
        gc.collect()
        return {}

    def stats(self, req):
        return {"max_rss_bytes": status_bytes("VmHWM") or max_rss_bytes(), "rss_bytes": status_bytes("VmRSS")}

    def reset_peak_rss(self, req):
        return {"reset": reset_peak_rss()}

    def serve(self, inp, out):
        for line in inp:
            line = line.strip()
            if not line:
                continue
            try:
                req = json.loads(line)
                op = req.get("op")
                if op == "quit":
                    reply = {"ok": True}
                    out.write(json.dumps(reply) + "\n")
                    out.flush()
                    return
                fn = {
                    "hello": self.hello,
                    "load": self.load,
                    "input": self.input,
                    "run": self.run,
                    "unload": self.unload,
                    "stats": self.stats,
                    "reset_peak_rss": self.reset_peak_rss,
                }.get(op)
                if fn is None:
                    raise ValueError(f"unknown op {op!r}")
                reply = {"ok": True}
                reply.update(fn(req))
            except Unsupported as e:
                reply = {"ok": False, "unsupported": True, "error": str(e)}
            except Exception as e:  # noqa: BLE001 - every failure becomes a reply
                import traceback

                traceback.print_exc(file=sys.stderr)
                reply = {"ok": False, "unsupported": False, "error": f"{type(e).__name__}: {e}"}
            out.write(json.dumps(reply) + "\n")
            out.flush()


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "albert-jit", "peers")


def protocol_stdout():
    """Keep a private handle on stdout for the protocol; send fd 1 to stderr."""
    fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(fd, "w", encoding="utf-8", buffering=1)


# --------------------------------------------------------------------------- verify


def read_safetensors(path):
    import numpy as np

    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    dtypes = {"F32": np.float32, "I64": np.int64, "F16": np.float16}
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(data[a:b], dtype=dtypes[v["dtype"]]).reshape(v["shape"])
    return out


def verify(model_dir, peers, threads, precision, cache_dir, tolerance):
    import numpy as np

    ref = read_safetensors(os.path.join(model_dir, "reference.safetensors"))
    cases = sorted(k[: -len(".last_hidden_state")] for k in ref if k.endswith(".last_hidden_state"))
    server = Server()
    failed = False
    for peer in peers:
        ok, version, err = peer_status(peer)
        if not ok:
            print(f"{peer:12} SKIPPED: {err}")
            continue
        try:
            d = server.load(
                {"peer": peer, "model_dir": model_dir, "threads": threads,
                 "precision": precision, "cache_dir": cache_dir}
            )
        except Exception as e:  # noqa: BLE001
            print(f"{peer:12} LOAD FAILED: {type(e).__name__}: {e}")
            failed = True
            continue
        print(f"{peer:12} {d['version']} loaded in {d['load_ms']:.0f} ms "
              f"(cached export: {d['cached']}; {d['note']})")
        for case in cases:
            ids = ref[f"{case}.input_ids"]
            b, s = ids.shape
            server.input({
                "batch": int(b), "seq": int(s),
                "input_ids": ids.reshape(-1).tolist(),
                "token_type_ids": ref[f"{case}.token_type_ids"].reshape(-1).tolist(),
                "attention_mask": ref[f"{case}.attention_mask"].reshape(-1).tolist(),
            })
            r = server.run({"handle": d["handle"], "output": True})
            got = np.frombuffer(base64.b64decode(r["output_b64"]), dtype="<f4").reshape(r["shape"])
            want = ref[f"{case}.last_hidden_state"]
            mask = ref[f"{case}.attention_mask"].astype(bool)
            diff = float(np.abs(got - want)[mask].max())
            verdict = "ok" if diff <= tolerance else "MISMATCH"
            failed |= diff > tolerance
            print(f"  {case:10} [{b}x{s}] max|diff| {diff:.2e}  {r['ms']:8.1f} ms  {verdict}")
        server.unload({"handle": d["handle"]})
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verify", metavar="MODEL_DIR")
    ap.add_argument("--export", nargs=3, metavar=("PEER", "MODEL_DIR", "OUT"))
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--precision", default="fp32")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    ap.add_argument("--cache-dir", default=None)
    args = ap.parse_args()

    if args.serve:
        out = protocol_stdout()
        Server().serve(sys.stdin, out)
        return 0
    if args.export:
        peer, model_dir, out = args.export
        EXPORTERS[peer][0](os.path.abspath(model_dir), out)
        return 0
    if args.check:
        any_ok = False
        for name in PEERS:
            ok, version, err = peer_status(name)
            any_ok |= ok
            print(f"  {name:12} {'ok' if ok else 'MISSING':8} {version or '-':12} {err or ''}")
        return 0 if any_ok else 1
    if args.verify:
        return verify(
            os.path.abspath(args.verify),
            [p for p in args.peers.split(",") if p],
            args.threads,
            args.precision,
            args.cache_dir or default_cache_dir(),
            args.tolerance,
        )
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
