"""Golden outputs of the built-in minilm-l6 text encoder, computed WITHOUT OnnxRuntime.

The Java encoder runs all-minilm-l6-v2.onnx with DJL's OnnxRuntime engine. This script computes the
same network's last hidden state a second, independent way: it reads the weights out of the ONNX
file (python3-onnx, Debian's package; no ONNX runtime, whose Python package is not reachable here)
and runs BERT's forward pass written out in numpy in float64:

  embeddings   word + position (0..T-1) + token type (all 0), LayerNorm (eps from the graph)
  6 layers     12-head self-attention with the additive key mask (1 - mask) * float32 min, as the
               graph does; output dense, residual, LayerNorm; dense 1536, exact (erf) GELU, dense,
               residual, LayerNorm

Each MatMul weight is bound to its role by the name of the graph node that uses it
("/encoder/layer.3/attention/self/query/MatMul"), so no ordering is assumed. The float64 numbers
then differ from OnnxRuntime's float32 by rounding only. It also prints the masked mean pooling
(all-MiniLM-L6-v2's sentence embedding) of each caption.

Writes model/src/test/resources/text-encoders/minilm-l6-expected.json with, per caption, the token
ids (from make_minilm_token_fixture.py's reading of the tokenizer JSON), the mask and the (17, 384)
last hidden state at every position, padding included. Run with
  /usr/bin/python3 tools/text-encoder/make_minilm_golden.py
"""

import json
import math
import os
import re

import numpy as np
import onnx
from onnx import numpy_helper

import make_minilm_token_fixture as tokens
import minilm_files

CAPTIONS = [
    "A man riding a wave on top of a surfboard.",
    "a red circle",
    "a very long caption about a big red double decker bus parked next to a small blue car on "
    "a busy street",
]


def load_weights():
    model = onnx.load_from_string(minilm_files.read(minilm_files.MODEL))
    graph = model.graph
    w = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in graph.initializer}
    eps = None
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in w:
            role = re.fullmatch(r"/(.*)/MatMul", node.name)
            assert role, node.name
            key = role.group(1).replace("/", ".") + ".weight_t"
            w[key] = w[node.input[1]]
        if node.op_type == "Constant" and node.name == "/embeddings/LayerNorm/Constant_1":
            eps = float(numpy_helper.to_array(node.attribute[0].t))
    assert eps is not None
    return w, eps


def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * g + b


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def forward(w, eps, ids, mask, heads=12):
    ids = np.asarray(ids)
    t = ids.shape[1]
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][np.arange(t)][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None])
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    additive = (1.0 - np.asarray(mask, np.float64))[:, None, None, :] * np.finfo(np.float32).min
    d = x.shape[-1]
    hd = d // heads
    for i in range(6):
        p = f"encoder.layer.{i}."

        def dense(h, name):
            return h @ w[p + name + ".weight_t"] + w[p + name + ".bias"]

        def split(h):
            return h.reshape(h.shape[0], t, heads, hd).transpose(0, 2, 1, 3)

        q = split(dense(x, "attention.self.query"))
        k = split(dense(x, "attention.self.key"))
        v = split(dense(x, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + additive
        scores = scores - scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(x.shape[0], t, d)
        x = layer_norm(dense(context, "attention.output.dense") + x,
                       w[p + "attention.output.LayerNorm.weight"],
                       w[p + "attention.output.LayerNorm.bias"], eps)
        h = dense(gelu(dense(x, "intermediate.dense")), "output.dense")
        x = layer_norm(h + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x


def main():
    spec = json.loads(minilm_files.read(minilm_files.TOKENIZER))
    vocab, model_cfg, norm = spec["model"]["vocab"], spec["model"], spec["normalizer"]
    rows, masks, lengths = [], [], []
    for text in CAPTIONS:
        pieces = [p for wd in tokens.pre_tokenize(tokens.normalize(text, norm))
                  for p in tokens.word_pieces(wd, vocab, model_cfg)][: tokens.MAX_TOKENS - 2]
        ids = [vocab["[CLS]"]] + [vocab[p] for p in pieces] + [vocab["[SEP]"]]
        lengths.append(len(ids))
        masks.append([1] * len(ids) + [0] * (tokens.MAX_TOKENS - len(ids)))
        rows.append(ids + [0] * (tokens.MAX_TOKENS - len(ids)))
    w, eps = load_weights()
    hidden = forward(w, eps, rows, masks)
    cases = []
    for i, text in enumerate(CAPTIONS):
        m = np.asarray(masks[i], np.float64)[:, None]
        pooled = (hidden[i] * m).sum(0) / m.sum()
        print(f"{text[:40]!r}: maxLen {lengths[i]}, |pooled| {np.linalg.norm(pooled):.4f}, "
              f"hidden range [{hidden[i].min():.3f}, {hidden[i].max():.3f}]")
        cases.append({"text": text, "ids": rows[i], "mask": masks[i], "maxLen": lengths[i],
                      "lastHiddenState": [[round(float(v), 7) for v in r] for r in hidden[i]]})
    out = os.path.join(minilm_files.ROOT, "model/src/test/resources/text-encoders",
                       "minilm-l6-expected.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"source": "tools/text-encoder/make_minilm_golden.py: numpy float64 forward "
                             "pass over the weights of all-minilm-l6-v2.onnx, no OnnxRuntime",
                   "layerNormEps": eps, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
