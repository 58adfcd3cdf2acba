#!/usr/bin/python3
"""Writes model/src/test/resources/model/loss_fixture.json: seeded inputs and the expected values
of the XMC-GAN losses and the generator's word-region attention, computed with numpy as a literal
transcription of the reference (xmcgan/libml/attention_lib.py, losses.py): the word loss loops over
sentences like the reference's vmap, independently of the Java batched formulation.

Usage: /usr/bin/python3 tools/model/make_loss_fixture.py   (from the repository root)
"""
import json
import os

import numpy as np

SEED = 20261127
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "model", "src", "test", "resources",
                   "model", "loss_fixture.json")


def l2n(x, eps=1e-12):
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=-1, keepdims=True), eps))


def log_softmax(x):
    m = np.max(x, axis=-1, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))


def softmax(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def identity_ce(logits):
    n = logits.shape[0]
    return float(-np.mean(log_softmax(logits)[np.arange(n), np.arange(n)]))


def accuracy(logits):
    return float(np.mean(np.argmax(logits, axis=-1) == np.arange(logits.shape[0])))


def contrastive(a, b, tau):
    a, b = l2n(a), l2n(b)
    l1 = a @ b.T / tau
    l2 = b @ a.T / tau
    return identity_ce(l1) + identity_ce(l2), 0.5 * (accuracy(l1) + accuracy(l2))


def cosine(x1, x2):
    return np.sum(x1 * x2, -1) / (np.linalg.norm(x1, axis=-1) * np.linalg.norm(x2, axis=-1))


def word_loss(image_feat, word_feat, max_len, g1, g2, g3):
    b, r, _ = image_feat.shape
    t = word_feat.shape[1]
    rows = []
    for i in range(b):  # one sentence against every image, as the reference's vmap body
        w = np.tile(word_feat[i][None], (b, 1, 1))
        mask = (np.arange(t, dtype=np.float32)[None, :] >= max_len[i]).astype(np.float32)
        mask = np.tile(mask[None], (b, r, 1))
        region = l2n(image_feat)
        wn = l2n(w)
        attn = region @ wn.transpose(0, 2, 1) * g1 + mask * -1e9
        alpha = softmax(attn, axis=-2)
        context = alpha.transpose(0, 2, 1) @ region
        row = cosine(w, context) * g2 + mask[:, 0, :] * -1e9
        m = np.max(row, axis=-1, keepdims=True)
        lse = m[:, 0] + np.log(np.sum(np.exp(row - m), axis=-1))
        rows.append(lse / g2)
    sim = np.stack(rows) * g3  # [sentence, image]
    loss = identity_ce(sim.T) + identity_ce(sim)
    return loss, 0.5 * (accuracy(sim.T) + accuracy(sim))


def grouped(fn, group, *arrays):
    n = arrays[0].shape[0]
    results = [fn(*[a[k:k + group] for a in arrays]) for k in range(0, n, group)]
    return float(np.mean([r[0] for r in results])), float(np.mean([r[1] for r in results]))


def attention_for_g(region, words, max_len, gamma):
    t = words.shape[1]
    mask = (np.arange(t)[None, :] >= max_len[:, None]).astype(np.float32)
    logits = l2n(region) @ l2n(words).transpose(0, 2, 1) * gamma + mask[:, None, :] * -1e9
    return softmax(logits, axis=-1) @ l2n(words)


def main():
    rng = np.random.default_rng(SEED)
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    n, d, r, t, e = 16, 24, 12, 7, 10
    real_logits, fake_logits = f32(n, 1), f32(n, 1)
    a, b = f32(n, d), f32(n, d)
    b_close = (a + 0.3 * f32(n, d)).astype(np.float32)
    regions, words = f32(n, r, e), f32(n, t, e)
    max_len = rng.integers(2, t + 1, size=n).astype(np.float32)
    max_len[0], max_len[1] = t, 2
    g_regions = f32(4, r, e)
    g_words = f32(4, t, e)
    g_max_len = np.array([t, 2, 4, 5], dtype=np.float32)

    tau, group = 0.1, 8
    sent = grouped(lambda x, y: contrastive(x, y, tau), group, a, b)
    close = grouped(lambda x, y: contrastive(x, y, tau), group, a, b_close)
    single = contrastive(a[:group], b[:group], tau)
    word = grouped(lambda x, y, z: word_loss(x, y, z, 5.0, 5.0, 50.0), group, regions, words,
                   max_len)
    fixture = {
        "seed": SEED,
        "inputs": {
            "realLogits": real_logits.tolist(), "fakeLogits": fake_logits.tolist(),
            "a": a.tolist(), "b": b.tolist(), "bClose": b_close.tolist(),
            "regions": regions.tolist(), "words": words.tolist(), "maxLen": max_len.tolist(),
            "attentionRegions": g_regions.tolist(), "attentionWords": g_words.tolist(),
            "attentionMaxLen": g_max_len.tolist(),
        },
        "expected": {
            "hingeD": float(np.mean(np.maximum(0, 1 - real_logits))
                            + np.mean(np.maximum(0, 1 + fake_logits))),
            "hingeG": float(-np.mean(fake_logits)),
            "contrastiveGroup8": sent[0], "contrastiveGroup8Accuracy": sent[1],
            "contrastiveCloseGroup8": close[0], "contrastiveCloseGroup8Accuracy": close[1],
            "contrastiveFirst8": single[0],
            "wordGroup8": word[0], "wordGroup8Accuracy": word[1],
            "attention": attention_for_g(g_regions, g_words, g_max_len, 15.0).tolist(),
        },
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f)
    print("wrote", os.path.normpath(OUT), {k: v for k, v in fixture["expected"].items()
                                           if not isinstance(v, list)})


if __name__ == "__main__":
    main()
