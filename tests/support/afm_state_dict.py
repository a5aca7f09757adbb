#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a tiny Analog Foundation Models-style checkpoint with PyTorch, for the AFM tests.

The state dict is laid out as AIHWKIT-Lightning's AnalogLinear stores it (weight, one
input_range per input slice, and the training buffers input_range_update_idx / x_min / x_max)
around a tied Llama model, split over two pytorch_model-0000i-of-00002.bin shards, with an
rpu_config pickle whose mapping.max_input_size is --max-input-size (classes named as
aihwkit_lightning's, which the converter must read without importing them).

    afm_state_dict.py OUT [--hidden 8] [--intermediate 12] [--layers 2] [--heads 2]
        [--kv-heads 1] [--vocab 16] [--max-input-size 4] [--single]

--single writes the other published layout instead: one untied pytorch_model.bin (lm_head
with its own weight), no rpu_config, and one range per layer (trained with max_input_size -1).

OUT/expected.json holds every kept tensor ("tensors": name -> flat list), every linear's
ranges ("ranges": "model.layers.L.self_attn.q_proj" ... "lm_head" -> list) and the inputs each
range covers ("split_sizes": name -> consecutive slice lengths, as AIHWKIT-Lightning's
AnalogLinear.get_split_sizes cuts in_features: ceil(in / max_input_size) parts as equal as
possible, the first ones one longer), for the tests to compare with what aimcsim loads and maps. The ranges are multiples of 1/8 (exact in float16), positive,
and not monotonic along a layer's slices, so a test of "the largest range of the slices a tile
holds" cannot pass by taking the first or the last one.
"""
import argparse
import json
import math
import os
import pickle
import sys
import types

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--hidden", type=int, default=8)
    p.add_argument("--intermediate", type=int, default=12)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--kv-heads", type=int, default=1)
    p.add_argument("--vocab", type=int, default=16)
    p.add_argument("--max-input-size", type=int, default=4)
    p.add_argument("--single", action="store_true")
    a = p.parse_args()
    if a.single:
        a.max_input_size = -1
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(7)
    hidden, inter, head_dim = a.hidden, a.intermediate, a.hidden // a.heads
    kv = a.kv_heads * head_dim
    cfg = {"model_type": "llama", "hidden_size": hidden, "intermediate_size": inter,
           "num_hidden_layers": a.layers, "num_attention_heads": a.heads,
           "num_key_value_heads": a.kv_heads, "vocab_size": a.vocab, "hidden_act": "silu",
           "rms_norm_eps": 1e-5, "tie_word_embeddings": not a.single,
           "max_position_embeddings": 64,
           "bos_token_id": 1, "eos_token_id": 2}
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f)

    def slices(i):
        return 1 if a.max_input_size <= 0 else math.ceil(i / a.max_input_size)

    def split_sizes(i):
        n = slices(i)
        return [i // n + (j < i % n) for j in range(n)]

    sd, expected, ranges, splits = {}, {}, {}, {}

    def linear(name, o, i, k):
        w = torch.randn(o, i) / math.sqrt(i)
        n = slices(i)
        r = torch.tensor([0.25 + 0.125 * ((k + 11 * j) % 29) for j in range(n)],
                         dtype=torch.float16)
        sd[name + ".weight"] = w
        sd[name + ".input_range"] = r
        sd[name + ".input_range_update_idx"] = torch.full((n,), 500.0)
        sd[name + ".x_min"] = torch.full((n,), -1.0)
        sd[name + ".x_max"] = torch.full((n,), 1.0)
        expected[name + ".weight"] = w.flatten().tolist()
        ranges[name] = r.float().tolist()
        splits[name] = split_sizes(i)

    emb = torch.randn(a.vocab, hidden)
    sd["model.embed_tokens.weight"] = emb
    expected["model.embed_tokens.weight"] = emb.flatten().tolist()
    k = 0
    for layer in range(a.layers):
        prefix = f"model.layers.{layer}."
        for name, o, i in [("self_attn.q_proj", hidden, hidden), ("self_attn.k_proj", kv, hidden),
                           ("self_attn.v_proj", kv, hidden), ("self_attn.o_proj", hidden, hidden),
                           ("mlp.gate_proj", inter, hidden), ("mlp.up_proj", inter, hidden),
                           ("mlp.down_proj", hidden, inter)]:
            linear(prefix + name, o, i, k)
            k += 3
        for n in ["input_layernorm", "post_attention_layernorm"]:
            t = torch.rand(hidden) + 0.5
            sd[prefix + n + ".weight"] = t
            expected[prefix + n + ".weight"] = t.tolist()
    sd["model.norm.weight"] = torch.ones(hidden)
    if a.single:
        linear("lm_head", a.vocab, hidden, 100)
        torch.save(sd, os.path.join(a.out, "pytorch_model.bin"))
        with open(os.path.join(a.out, "expected.json"), "w") as f:
            json.dump({"tensors": expected, "ranges": ranges, "split_sizes": splits}, f)
        return
    # Tied: lm_head shares the embedding (dropped by the converter) but has its own ranges.
    sd["lm_head.weight"] = emb
    head = [3.0 - 0.5 * (j % 4) for j in range(slices(hidden))]
    sd["lm_head.input_range"] = torch.tensor(head)
    ranges["lm_head"] = head
    splits["lm_head"] = split_sizes(hidden)
    names = sorted(sd)
    half = len(names) // 2
    torch.save({n: sd[n] for n in names[:half]},
               os.path.join(a.out, "pytorch_model-00001-of-00002.bin"))
    torch.save({n: sd[n] for n in names[half:]},
               os.path.join(a.out, "pytorch_model-00002-of-00002.bin"))

    # Stand-in modules named as aihwkit_lightning's: the pickle refers to its classes by name,
    # as dill does for importable classes.
    mod = "aihwkit_lightning.simulator.configs.configs"
    parts = mod.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules[".".join(parts[:i])] = types.ModuleType(".".join(parts[:i]))

    class MappingParameter:
        pass

    class TorchInferenceRPUConfig:
        pass

    for c in (MappingParameter, TorchInferenceRPUConfig):
        c.__module__ = mod
        c.__qualname__ = c.__name__
        setattr(sys.modules[mod], c.__name__, c)
    rpu = TorchInferenceRPUConfig()
    rpu.mapping = MappingParameter()
    rpu.mapping.max_input_size = a.max_input_size
    rpu.forward = {"inp_res": 254}
    with open(os.path.join(a.out, "rpu_config"), "wb") as f:
        pickle.dump(rpu, f, protocol=4)
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump({"tensors": expected, "ranges": ranges, "split_sizes": splits}, f)


if __name__ == "__main__":
    main()
