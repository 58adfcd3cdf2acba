"""Shared by the export scripts of the frozen networks: random-weight initialisation for CI, the
weight-file check, and the fixture the Java tests compare with."""

import hashlib
import json
import os

import torch
import torch.nn.functional as F

# Fixed inputs for the Java comparison: N images of S x S in [0, 1], a smooth pattern plus seeded
# noise, small enough to keep the fixture small; the modules resize them themselves (ResNet) or the
# evaluator does (Inception).
CHECK_IMAGES = 2
CHECK_SIZE = 32


def check_images():
    g = torch.Generator().manual_seed(1234)
    y = torch.linspace(0, 1, CHECK_SIZE).view(1, 1, CHECK_SIZE, 1)
    x = torch.linspace(0, 1, CHECK_SIZE).view(1, 1, 1, CHECK_SIZE)
    ones = torch.ones(1, 1, CHECK_SIZE, CHECK_SIZE)
    base = torch.cat([y * x, (1 - y) * ones, (x + y) / 2], dim=1).repeat(CHECK_IMAGES, 1, 1, 1)
    noise = torch.rand(CHECK_IMAGES, 3, CHECK_SIZE, CHECK_SIZE, generator=g)
    return (0.7 * base + 0.3 * noise).clamp(0, 1)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_published_prefix(path, prefix):
    """torch.hub's rule for these files: the name carries the first hex digits of the SHA-256."""
    digest = sha256(path)
    if not digest.startswith(prefix):
        raise SystemExit(f"{path}: sha256 {digest} does not start with the published {prefix}")
    print(f"{os.path.basename(path)}: sha256 {digest} (published prefix {prefix}: ok)")
    return digest


def randomise(model, seed, calibrate, size, batches=2, batch=4, residual=lambda name: False,
              gamma=(0.5, 1.5)):
    """Seeded random weights whose batch-norm statistics are measured on random images (train-mode
    forwards, cumulative average), so activations stay of order 1 through every layer and the
    outputs are meaningful numbers to compare, not overflow or noise. Batch norms for which
    residual(name) holds (the last of a residual branch) get small scales, so sums of branches do
    not grow block after block; the others scales drawn from gamma."""
    torch.manual_seed(seed)
    for name, m in model.named_modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
            with torch.no_grad():
                if residual(name):
                    m.weight.uniform_(0.1, 0.3)
                else:
                    m.weight.uniform_(*gamma)
                m.bias.uniform_(-0.2, 0.2)
    model.train()
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for _ in range(batches):
            calibrate(image_like(batch, size, g))
    model.eval()


def image_like(n, size, generator):
    """Random images with structure at several scales (smooth colour fields plus pixel noise), of
    the kind check_images() makes, so batch-norm statistics measured on them fit those."""
    coarse = torch.rand(n, 3, 4, 4, generator=generator)
    medium = torch.rand(n, 3, 16, 16, generator=generator)
    fine = torch.rand(n, 3, size, size, generator=generator)
    up = lambda t: F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False)
    return (0.5 * up(coarse) + 0.3 * up(medium) + 0.2 * fine).clamp(0, 1)


def write_fixture(path, images, outputs, weights):
    """outputs: name -> tensor; stored with 7 significant digits."""
    data = {"weights": weights, "imageShape": list(images.shape),
            "images": [round(float(v), 7) for v in images.flatten()]}
    for name, tensor in outputs.items():
        data[name + "Shape"] = list(tensor.shape)
        data[name] = [float(f"{float(v):.7g}") for v in tensor.flatten()]
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
