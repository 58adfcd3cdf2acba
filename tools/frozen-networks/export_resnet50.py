#!/usr/bin/python3
"""Exports the frozen ResNet-50 of XMC-GAN's image contrastive loss (training.imageEncoder.uri).

The module does what the reference's pretrained_model_utils does around its ResNet-50 (docs/reference-model.md,
"Sentence and image contrastive terms"): it takes images in [0, 1] as they are, resizes them bilinearly
to 224 x 224 (F.interpolate, align_corners=False, no antialiasing), applies NO ImageNet mean/std
normalisation, and returns the 1000-d classifier logits, not the pooled features:

  forward(images float32 (N, 3, S, S) in [0, 1]) -> logits (N, 1000)

It is saved frozen (torch.jit.freeze(torch.jit.script(module.eval()))), as ImageEncoder requires.
The network is torchvision's ResNet-50 (Debian's python3-torchvision 0.14.1 is enough).

Weights, one of:
  --weights resnet50-0676ba61.pth   torchvision's ImageNet weights (IMAGENET1K_V1), from
        https://download.pytorch.org/models/resnet50-0676ba61.pth; torchvision publishes the first
        8 hex digits of the file's SHA-256 in its name (0676ba61), which this script checks.
  --random-weights [--seed N]       seeded random weights with batch-norm statistics measured on
        random images: what CI exports to test the loading path; useless for training.

Also writes <out>/expected.json: the module's logits on fixed 32 px images, which
model/src/test/java/io/xmcgan/model/ResNet50ExportTest.java compares with Java's (1e-4).

Usage: /usr/bin/python3 tools/frozen-networks/export_resnet50.py OUT_DIR (--weights FILE | --random-weights)
Writes OUT_DIR/resnet50.pt (about 98 MB) and OUT_DIR/expected.json.
"""

import argparse
import os
import time

import torch
import torch.nn.functional as F
import torchvision

import frozen_common

PUBLISHED_PREFIX = "0676ba61"


class ReferenceInputResNet50(torch.nn.Module):
    """[0, 1] images of any size -> bilinear 224 -> ResNet-50 -> 1000 logits, no normalisation."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, images):
        x = F.interpolate(images, size=(224, 224), mode="bilinear", align_corners=False)
        return self.net(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--weights", help="torchvision's resnet50-0676ba61.pth")
    group.add_argument("--random-weights", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    torch.manual_seed(args.seed)

    net = torchvision.models.resnet50(weights=None)
    module = ReferenceInputResNet50(net)
    if args.weights:
        digest = frozen_common.check_published_prefix(args.weights, PUBLISHED_PREFIX)
        net.load_state_dict(torch.load(args.weights, map_location="cpu"))
        weights = f"torchvision resnet50 IMAGENET1K_V1, sha256 {digest}"
    else:
        frozen_common.randomise(net, args.seed, net, 224, residual=lambda n: n.endswith("bn3"))
        weights = f"random (seed {args.seed}), batch-norm statistics from random images"
    module.eval()
    frozen = torch.jit.freeze(torch.jit.script(module), optimize_numerics=False)
    images = frozen_common.check_images()
    with torch.no_grad():
        eager = module(images)
        logits = frozen(images)
    assert logits.shape == (frozen_common.CHECK_IMAGES, 1000), logits.shape
    assert torch.allclose(logits, eager, atol=1e-4), (logits - eager).abs().max()
    path = os.path.join(args.out, "resnet50.pt")
    frozen.save(path)
    frozen_common.write_fixture(os.path.join(args.out, "expected.json"), images,
                                {"logits": logits}, weights)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, {weights}) in "
          f"{time.time() - start:.1f} s; logits[0][:3] = {logits[0, :3].tolist()}, "
          f"std {logits.std():.3f}")


if __name__ == "__main__":
    main()
