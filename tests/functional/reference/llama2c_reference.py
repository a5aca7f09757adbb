#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Independent float64 reference of a llama2.c checkpoint's forward pass, for the runner tests.

Written from the model definition (Llama: RMSNorm, interleaved-pair RoPE, grouped-query
attention, SwiGLU MLP, classifier shared with the token embedding unless the header's vocab_size
is negative), not from run.c. The whole sequence is evaluated at once with a causal mask, so no
KV-cache code is shared with the C++ runner it checks. numpy only.

Usage:
  llama2c_reference.py nll MODEL.bin SEQUENCES.json
      SEQUENCES.json: [[1, ...], [1, ...]] one token-id list per story, each starting with BOS=1.
      Prints {"nll_sum", "tokens", "perplexity", "per_sequence": [{"nll_sum", "tokens"}]}:
      natural-log NLL of every token after the first of each list, given all before it.
  llama2c_reference.py greedy MODEL.bin PROMPT_IDS --new-tokens N [--tokenizer TOK.bin]
      PROMPT_IDS: a JSON list such as "[1, 403, 407]". Appends N argmax tokens (stopping early if
      the argmax is BOS=1, as llama2.c's generate loop does) and prints
      {"prompt": [...], "generated": [...]}; with --tokenizer also "text", the prompt after BOS
      and the continuation decoded as run.c prints them (without the final newline).
"""
import argparse
import json
import math
import struct
import sys

import numpy as np

RMS_EPS = 1e-5        # llama2.c / Llama: RMSNorm epsilon
ROPE_THETA = 10000.0  # llama2.c / Llama: RoPE base
BOS = 1


class Model:
    """Weights of a llama2.c checkpoint as float64 arrays, matrices [out][in]."""

    def __init__(self, path):
        with open(path, "rb") as f:
            blob = f.read()
        if len(blob) < 28:
            raise ValueError(f"{path}: shorter than the 28-byte header")
        (self.dim, self.hidden_dim, self.n_layers, self.n_heads, self.n_kv_heads, vocab,
         self.seq_len) = struct.unpack("<7i", blob[:28])
        self.shared_classifier = vocab > 0
        self.vocab_size = abs(vocab)
        if min(self.dim, self.hidden_dim, self.n_layers, self.n_heads, self.n_kv_heads,
               self.vocab_size, self.seq_len) <= 0 or self.dim % self.n_heads != 0 \
                or self.n_heads % self.n_kv_heads != 0:
            raise ValueError(f"{path}: implausible header {struct.unpack('<7i', blob[:28])}")
        self.head_size = self.dim // self.n_heads
        kv_dim = self.dim * self.n_kv_heads // self.n_heads
        floats = np.frombuffer(blob, dtype="<f4", offset=28)
        cursor = [0]

        def take(*shape):
            n = int(np.prod(shape))
            if cursor[0] + n > floats.size:
                raise ValueError(f"{path}: truncated while reading an array of shape {shape}")
            a = floats[cursor[0]:cursor[0] + n].astype(np.float64).reshape(shape)
            cursor[0] += n
            return a

        d, h, L = self.dim, self.hidden_dim, self.n_layers
        self.embedding = take(self.vocab_size, d)
        self.rms_att = take(L, d)
        self.wq = take(L, d, d)
        self.wk = take(L, kv_dim, d)
        self.wv = take(L, kv_dim, d)
        self.wo = take(L, d, d)
        self.rms_ffn = take(L, d)
        self.w1 = take(L, h, d)
        self.w2 = take(L, d, h)
        self.w3 = take(L, h, d)
        self.rms_final = take(d)
        take(self.seq_len * self.head_size // 2)  # legacy RoPE cos table, unused
        take(self.seq_len * self.head_size // 2)  # legacy RoPE sin table, unused
        self.classifier = self.embedding if self.shared_classifier else take(self.vocab_size, d)
        if cursor[0] != floats.size:
            raise ValueError(f"{path}: {floats.size - cursor[0]} float32 values after the weights")


def rms_norm(x, weight):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + RMS_EPS) * weight


def rotate(x, positions):
    """RoPE on (T, heads, head_size): pair (2i, 2i+1) turns by pos * theta^(-2i/head_size)."""
    head_size = x.shape[-1]
    inv_freq = ROPE_THETA ** (-np.arange(0, head_size, 2, dtype=np.float64) / head_size)
    angle = positions[:, None] * inv_freq[None, :]              # (T, head_size/2)
    cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def logits(model, tokens):
    """Logits (T, vocab) after each prefix tokens[:t+1], t = 0..T-1, in float64."""
    T = len(tokens)
    if T == 0 or T > model.seq_len:
        raise ValueError(f"sequence of {T} tokens: expected 1..{model.seq_len} (seq_len)")
    hs, nh, nkv = model.head_size, model.n_heads, model.n_kv_heads
    group = nh // nkv
    positions = np.arange(T, dtype=np.float64)
    causal = np.triu(np.full((T, T), -np.inf), k=1)
    x = model.embedding[np.asarray(tokens)]
    for layer in range(model.n_layers):
        a = rms_norm(x, model.rms_att[layer])
        q = rotate((a @ model.wq[layer].T).reshape(T, nh, hs), positions)
        k = rotate((a @ model.wk[layer].T).reshape(T, nkv, hs), positions)
        v = (a @ model.wv[layer].T).reshape(T, nkv, hs)
        k = np.repeat(k, group, axis=1)   # query head h reads kv head h // group
        v = np.repeat(v, group, axis=1)
        scores = np.einsum("thd,shd->hts", q, k) / math.sqrt(hs) + causal
        scores -= scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        attended = np.einsum("hts,shd->thd", weights, v).reshape(T, model.dim)
        x = x + attended @ model.wo[layer].T
        f = rms_norm(x, model.rms_ffn[layer])
        gate = f @ model.w1[layer].T
        up = f @ model.w3[layer].T
        x = x + (gate / (1.0 + np.exp(-gate)) * up) @ model.w2[layer].T
    return rms_norm(x, model.rms_final) @ model.classifier.T


def check_ids(model, ids, what):
    if not isinstance(ids, list) or not ids or not all(isinstance(t, int) for t in ids):
        raise ValueError(f"{what}: expected a non-empty list of integer token ids")
    if ids[0] != BOS:
        raise ValueError(f"{what}: expected the first token to be BOS={BOS}, got {ids[0]}")
    bad = [t for t in ids if not 0 <= t < model.vocab_size]
    if bad:
        raise ValueError(f"{what}: token id {bad[0]} outside 0..{model.vocab_size - 1}")


def nll(model, sequences):
    per_sequence = []
    for i, ids in enumerate(sequences):
        check_ids(model, ids, f"sequence {i}")
        z = logits(model, ids)[:-1]
        top = z.max(axis=-1, keepdims=True)
        log_probs = z - top - np.log(np.exp(z - top).sum(axis=-1, keepdims=True))
        targets = np.asarray(ids[1:])
        per_sequence.append({"nll_sum": float(-log_probs[np.arange(len(targets)), targets].sum()),
                             "tokens": len(targets)})
    nll_sum = math.fsum(s["nll_sum"] for s in per_sequence)
    tokens = sum(s["tokens"] for s in per_sequence)
    return {"nll_sum": nll_sum, "tokens": tokens,
            "perplexity": math.exp(nll_sum / tokens) if tokens else None,
            "per_sequence": per_sequence}


def greedy(model, prompt, new_tokens):
    check_ids(model, prompt, "prompt")
    ids = list(prompt)
    generated = []
    for _ in range(new_tokens):
        nxt = int(np.argmax(logits(model, ids)[-1]))
        if nxt == BOS:  # llama2.c's generate loop ends a sequence at BOS
            break
        generated.append(nxt)
        ids.append(nxt)
    return generated


def read_vocab(path, vocab_size):
    with open(path, "rb") as f:
        blob = f.read()
    pos = 4  # int32 max_token_length, unused here
    vocab = []
    for _ in range(vocab_size):
        _score, length = struct.unpack_from("<fi", blob, pos)
        pos += 8
        vocab.append(blob[pos:pos + length])
        pos += length
    return vocab


def decode(vocab, ids):
    """Bytes run.c prints for ids[1:] after ids[0]: the piece after BOS loses its leading space,
    `<0xXX>` pieces are raw bytes, and a lone unprintable byte (other than whitespace) is skipped."""
    out = bytearray()
    for prev, tok in zip(ids, ids[1:]):
        piece = vocab[tok]
        if prev == BOS and piece.startswith(b" "):
            piece = piece[1:]
        if len(piece) == 6 and piece.startswith(b"<0x") and piece.endswith(b">"):
            piece = bytes([int(piece[3:5], 16)])
        if len(piece) == 1 and not (32 <= piece[0] < 127 or piece[0] in b"\t\n\v\f\r"):
            continue
        out += piece
    return bytes(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_nll = sub.add_parser("nll")
    p_nll.add_argument("model")
    p_nll.add_argument("sequences")
    p_greedy = sub.add_parser("greedy")
    p_greedy.add_argument("model")
    p_greedy.add_argument("prompt_ids")
    p_greedy.add_argument("--new-tokens", type=int, required=True)
    p_greedy.add_argument("--tokenizer")
    args = parser.parse_args()
    try:
        model = Model(args.model)
        if args.command == "nll":
            with open(args.sequences) as f:
                sequences = json.load(f)
            if not isinstance(sequences, list):
                raise ValueError(f"{args.sequences}: expected a JSON list of token-id lists")
            result = nll(model, sequences)
        else:
            if args.new_tokens < 0:
                raise ValueError("--new-tokens: expected a count >= 0")
            prompt = json.loads(args.prompt_ids)
            generated = greedy(model, prompt, args.new_tokens)
            result = {"prompt": prompt, "generated": generated}
            if args.tokenizer:
                vocab = read_vocab(args.tokenizer, model.vocab_size)
                result["text"] = decode(vocab, prompt + generated).decode("utf-8", "replace")
    except (OSError, ValueError, json.JSONDecodeError) as e:
        print(f"llama2c_reference: {e}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
