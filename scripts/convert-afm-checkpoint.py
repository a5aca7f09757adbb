#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Converts an Analog Foundation Models checkpoint (a PyTorch state dict of a HuggingFace model
whose linear layers were trained as AIHWKIT-Lightning AnalogLinear) into the safetensors folder
aimcsim reads.

    /usr/bin/python3 scripts/convert-afm-checkpoint.py INPUT OUTPUT [--max-input-size N]
        [--shard-bytes BYTES]

INPUT is the downloaded folder (config.json and pytorch_model.bin, or the shards
pytorch_model-0000i-of-0000n.bin with or without pytorch_model.bin.index.json), or one .bin
file inside such a folder. OUTPUT (a new or empty folder) receives:
  - model.safetensors, or model-0000i-of-0000n.safetensors and model.safetensors.index.json when
    the tensors exceed --shard-bytes (default 5 GB, as HuggingFace shards): every weight and bias
    in its stored dtype (F32, F16 or BF16) and every `<linear>.input_range` as F32;
  - config.json, copied, with "afm_max_input_size": the AIHWKIT-Lightning
    rpu_config.mapping.max_input_size the input ranges were trained with (-1: one range for the
    whole input of a layer), which aimcsim needs to know which inputs each range covers;
  - the tokenizer and generation files found beside the input, copied unchanged.

max_input_size is taken from --max-input-size, else from the `rpu_config` file the AFM
repositories publish beside the weights (a dill pickle; read here with a restricted unpickler
that builds plain stand-in objects and never runs code from the file), else inferred as -1 when
every layer has a single input range. Each layer's range count is checked against it:
ceil(in_features / max_input_size) (AnalogLinear.get_split_sizes).

Dropped as training-only (AIHWKIT-Lightning input-range learning state, TRAINING_BUFFERS below):
  <linear>.input_range_update_idx   per-slice counter of the range initialisation from data
  <linear>.x_min, <linear>.x_max    running input extrema of the "fast mode" range update
and lm_head.weight when config.json ties the embeddings (HF uses model.embed_tokens.weight).
Refused: <linear>.learnable_weight_clip (learned per-channel weight clipping changes the forward
pass; aimcsim does not model it), tensors of other dtypes, and any rpu_config that cannot be read
when --max-input-size is not given and more than one range per layer is stored.

Needs only Debian's python3-torch. State dicts are read with torch.load(weights_only=True); a file
that needs arbitrary unpickling is refused unless --trust-pickle is given (it runs code from the
file: use only for files from a source you trust).
"""

import argparse
import glob
import json
import math
import os
import pickle
import shutil
import sys
import tempfile

TRAINING_BUFFERS = ("input_range_update_idx", "x_min", "x_max")
REFUSED_PARAMETERS = ("learnable_weight_clip",)
COPIED_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model",
                "special_tokens_map.json", "generation_config.json", "added_tokens.json",
                "vocab.json", "merges.txt")


class ConversionError(Exception):
    """A checkpoint that cannot be converted (the message names the file and tensor)."""


def fail(message):
    raise ConversionError(message)


# --- rpu_config (dill pickle of aihwkit_lightning's TorchInferenceRPUConfig) ---------------

class _StandIn:
    """Any class the pickle names: records constructor arguments and state, runs nothing."""

    def __init__(self, *args, **kwargs):
        self.args = args

    def __setstate__(self, state):
        if isinstance(state, tuple) and len(state) == 2:
            merged = dict(state[0] or {})
            merged.update(state[1] or {})
            state = merged
        if isinstance(state, dict):
            self.__dict__.update(state)

    def __call__(self, *args, **kwargs):
        return _StandIn(*args)


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        # A fresh stand-in class per global: instances built by NEWOBJ / REDUCE / BUILD keep
        # their attributes; nothing from the named module is imported or called.
        return type(name, (_StandIn,), {})


def max_input_size_from_rpu_config(path):
    with open(path, "rb") as f:
        config = _RestrictedUnpickler(f).load()
    mapping = getattr(config, "mapping", None)
    value = getattr(mapping, "max_input_size", None)
    if not isinstance(value, int) or isinstance(value, bool):
        fail(f"{path}: no integer mapping.max_input_size found; give --max-input-size")
    return value


# --- reading the state dict ----------------------------------------------------------------

def state_dict_files(source):
    """The .bin files of the checkpoint at `source` and the folder holding config.json."""
    if os.path.isfile(source):
        return [source], os.path.dirname(os.path.abspath(source))
    if not os.path.isdir(source):
        fail(f"{source}: no such file or folder; expected an AFM checkpoint folder")
    index = os.path.join(source, "pytorch_model.bin.index.json")
    if os.path.isfile(index):
        with open(index, encoding="utf-8") as f:
            weight_map = json.load(f).get("weight_map")
        if not isinstance(weight_map, dict) or not weight_map:
            fail(f"{index}: key 'weight_map': expected an object of tensor name -> shard file")
        shards = sorted(set(weight_map.values()))
        for s in shards:
            if not isinstance(s, str) or os.path.basename(s) != s or s in (".", ".."):
                fail(f"{index}: shard '{s}': expected a file name inside the folder")
        return [os.path.join(source, s) for s in shards], source
    single = os.path.join(source, "pytorch_model.bin")
    if os.path.isfile(single):
        return [single], source
    shards = sorted(glob.glob(os.path.join(source, "pytorch_model-*-of-*.bin")))
    if shards:
        return shards, source
    fail(f"{source}: no pytorch_model.bin, pytorch_model-*-of-*.bin nor "
         "pytorch_model.bin.index.json; expected an AFM checkpoint folder")


def load_state_dict(path, trust_pickle):
    import torch
    try:
        sd = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # torch raises UnpicklingError or RuntimeError for refused globals
        if not trust_pickle:
            fail(f"{path}: cannot be read as plain tensors ({type(e).__name__}: "
                 f"{str(e).splitlines()[0] if str(e) else ''}); if you trust its source, "
                 "rerun with --trust-pickle")
        sd = torch.load(path, map_location="cpu", weights_only=False)
    if isinstance(sd, dict) and "state_dict" in sd and isinstance(sd["state_dict"], dict):
        sd = sd["state_dict"]
    if not isinstance(sd, dict):
        fail(f"{path}: holds a {type(sd).__name__}; expected a state dict")
    for name, t in sd.items():
        if not isinstance(name, str) or not isinstance(t, torch.Tensor):
            fail(f"{path}: entry '{name}' is not a tensor; expected a state dict of tensors")
    return sd


# --- writing safetensors -------------------------------------------------------------------

def dtype_name(t):
    import torch
    names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
    return names.get(t.dtype)


def tensor_bytes(t):
    import torch
    return t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""


def write_atomically(path, chunks):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(path) + ".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            for c in chunks:
                f.write(c)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_safetensors(path, tensors):
    """`tensors`: list of (name, torch tensor); layout as huggingface/safetensors specifies."""
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, t in tensors:
        size = t.numel() * t.element_size()
        header[name] = {"dtype": dtype_name(t), "shape": list(t.shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)

    def chunks():
        yield len(text).to_bytes(8, "little")
        yield text
        for _, t in tensors:
            yield tensor_bytes(t)
    write_atomically(path, chunks())


# --- conversion ----------------------------------------------------------------------------

def convert(args):
    import torch
    files, folder = state_dict_files(args.input)
    config_path = os.path.join(folder, "config.json")
    if not os.path.isfile(config_path):
        fail(f"{folder}: no config.json; expected the HuggingFace config beside the weights")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    if not isinstance(config, dict):
        fail(f"{config_path}: expected a JSON object")

    state = {}
    for path in files:
        for name, t in load_state_dict(path, args.trust_pickle).items():
            if name in state:
                fail(f"{path}: tensor '{name}' is also in another shard")
            state[name] = t

    tied = bool(config.get("tie_word_embeddings", False))
    kept, dropped, ranges = [], [], {}
    for name in sorted(state):
        t = state[name]
        leaf = name.rsplit(".", 1)[-1]
        if leaf in TRAINING_BUFFERS:
            dropped.append(name)
            continue
        if leaf in REFUSED_PARAMETERS:
            fail(f"{name}: learned weight clipping (AIHWKIT-Lightning LEARNABLE_PER_CHANNEL) "
                 "changes the forward pass and is not modelled by aimcsim")
        if tied and name == "lm_head.weight":
            dropped.append(name)
            continue
        if leaf == "input_range":
            if t.dim() != 1 or not torch.is_floating_point(t):
                fail(f"{name}: expected a 1-D float tensor of input ranges, got "
                     f"{t.dtype} {list(t.shape)}")
            t = t.to(torch.float32)
            if not bool(torch.isfinite(t).all()) or not bool((t > 0).all()):
                fail(f"{name}: expected finite positive input ranges, got {t.tolist()}")
            ranges[name[: -len(".input_range")]] = t
        elif dtype_name(t) is None:
            fail(f"{name}: dtype {t.dtype}; expected float32, float16 or bfloat16")
        kept.append((name, t))

    max_input_size = args.max_input_size
    rpu_path = os.path.join(folder, "rpu_config")
    if max_input_size is None and ranges and os.path.isfile(rpu_path):
        max_input_size = max_input_size_from_rpu_config(rpu_path)
    if max_input_size is None and ranges:
        if any(r.numel() != 1 for r in ranges.values()):
            fail(f"{args.input}: layers hold several input ranges but the max_input_size they "
                 "were trained with is unknown (no readable rpu_config); give --max-input-size")
        max_input_size = -1
    if max_input_size is not None and (max_input_size == 0 or max_input_size < -1):
        fail(f"--max-input-size {max_input_size}: expected -1 or a positive integer")
    for linear, r in ranges.items():
        weight = state.get(linear + ".weight")
        if weight is None and linear == "lm_head" and tied:
            weight = state.get("model.embed_tokens.weight")
        if weight is None or weight.dim() != 2:
            fail(f"{linear}.input_range: no 2-D {linear}.weight beside it")
        in_features = weight.shape[1]
        expected = 1 if max_input_size <= 0 else math.ceil(in_features / max_input_size)
        if r.numel() != expected:
            fail(f"{linear}.input_range: {r.numel()} ranges; expected {expected} = "
                 f"ceil({in_features} inputs / max_input_size {max_input_size})")

    os.makedirs(args.output, exist_ok=True)
    if os.listdir(args.output):
        fail(f"{args.output}: not empty; expected a new or empty output folder")
    shards, current, size = [], [], 0
    for name, t in kept:
        n = t.numel() * t.element_size()
        if current and size + n > args.shard_bytes:
            shards.append(current)
            current, size = [], 0
        current.append((name, t))
        size += n
    shards.append(current)
    if len(shards) == 1:
        write_safetensors(os.path.join(args.output, "model.safetensors"), shards[0])
    else:
        weight_map, total = {}, 0
        for i, shard in enumerate(shards):
            shard_name = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
            write_safetensors(os.path.join(args.output, shard_name), shard)
            for name, t in shard:
                weight_map[name] = shard_name
                total += t.numel() * t.element_size()
        index = {"metadata": {"total_size": total}, "weight_map": weight_map}
        write_atomically(os.path.join(args.output, "model.safetensors.index.json"),
                         [json.dumps(index, indent=2).encode("utf-8")])
    if ranges:
        config["afm_max_input_size"] = max_input_size
    write_atomically(os.path.join(args.output, "config.json"),
                     [(json.dumps(config, indent=2) + "\n").encode("utf-8")])
    for name in COPIED_FILES:
        if os.path.isfile(os.path.join(folder, name)):
            shutil.copyfile(os.path.join(folder, name), os.path.join(args.output, name))
    print(f"convert-afm-checkpoint: {len(kept)} tensors ({len(ranges)} with input ranges, "
          f"max_input_size {max_input_size}) in {len(shards)} file(s), {len(dropped)} "
          f"training-only dropped -> {args.output}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="AFM checkpoint folder or .bin file")
    parser.add_argument("output", help="new or empty output folder")
    parser.add_argument("--max-input-size", type=int, default=None,
                        help="AIHWKIT-Lightning mapping.max_input_size (-1: whole input)")
    parser.add_argument("--shard-bytes", type=int, default=5_000_000_000,
                        help="largest safetensors file before sharding [bytes]")
    parser.add_argument("--trust-pickle", action="store_true",
                        help="allow torch.load(weights_only=False) (runs code from the file)")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("convert-afm-checkpoint: needs PyTorch (Debian: apt-get install python3-torch)",
              file=sys.stderr)
        return 2
    try:
        convert(args)
    except ConversionError as e:
        print(f"convert-afm-checkpoint: {e}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as e:
        print(f"convert-afm-checkpoint: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
