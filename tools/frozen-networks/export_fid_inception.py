#!/usr/bin/python3
"""Exports pytorch-fid's Inception-v3 (the FID network of the TF-GAN / TTUR code, weights
pt_inception-2015-12-05) as the evaluator's feature extractor (evaluation.featureExtractor.uri).

The network is torchvision's Inception3 (num_classes=1008, no aux logits) with pytorch-fid's
patches, reproduced here so that only Debian's python3-torch and python3-torchvision are needed:
  Mixed_5b/5c/5d  FIDInceptionA: the pool branch averages without the padded zeros
                  (avg_pool2d(count_include_pad=False)), as TensorFlow does
  Mixed_6b..6e    FIDInceptionC: the same
  Mixed_7b        FIDInceptionE_1: the same
  Mixed_7c        FIDInceptionE_2: the pool branch is a 3x3 MAX pool, as in the TF graph
and the forward of pytorch-fid's InceptionV3 wrapper: 2x - 1 input scaling, the blocks up to
Mixed_7c, global average pooling to the 2048-d pool3 features, plus the network's 1008-way fc on
them (the logits of the TF graph that the original Inception Score used):

  forward(images float32 (N, 3, 299, 299) in [0, 1]) -> (features (N, 2048), logits (N, 1008))

The evaluator resizes images to 299 itself (bilinear, align_corners=False: pytorch-fid's
resize_input). Weights, one of:
  --weights pt_inception-2015-12-05-6726825d.pth   pytorch-fid's file, from
        https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/pt_inception-2015-12-05-6726825d.pth;
        the name carries the first 8 hex digits of its SHA-256 (6726825d), which this script checks.
  --random-weights [--seed N]   seeded random weights with batch-norm statistics measured on random
        images: what CI exports to test the loading path; useless for real FIDs.
With pytorch-fid installed, --compare-pytorch-fid also checks this network against its
fid_inception_v3() with the same weights (not run here: pytorch-fid is not packaged for Debian).

Writes OUT_DIR/inception.pt (frozen TorchScript, about 95 MB), OUT_DIR/inception.json (the sidecar
the evaluator reads) and OUT_DIR/expected.json (features and logits of fixed 32 px images resized
as the evaluator does, which evaluator-image's InceptionExportTest compares with Java's, 1e-4).

Usage: /usr/bin/python3 tools/frozen-networks/export_fid_inception.py OUT_DIR (--weights FILE | --random-weights)
"""

import argparse
import json
import os
import time

import torch
import torch.nn.functional as F
import torchvision
from torchvision.models.inception import InceptionA, InceptionC, InceptionE

import frozen_common

PUBLISHED_PREFIX = "6726825d"


class FIDInceptionA(InceptionA):
    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3dbl = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)
        branch_pool = self.branch_pool(branch_pool)
        return torch.cat([branch1x1, branch5x5, branch3x3dbl, branch_pool], 1)


class FIDInceptionC(InceptionC):
    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        branch7x7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        branch7x7dbl = self.branch7x7dbl_1(x)
        branch7x7dbl = self.branch7x7dbl_3(self.branch7x7dbl_2(branch7x7dbl))
        branch7x7dbl = self.branch7x7dbl_5(self.branch7x7dbl_4(branch7x7dbl))
        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)
        branch_pool = self.branch_pool(branch_pool)
        return torch.cat([branch1x1, branch7x7, branch7x7dbl, branch_pool], 1)


class FIDInceptionE1(InceptionE):
    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        b3 = self.branch3x3_1(x)
        branch3x3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        d = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        branch3x3dbl = torch.cat([self.branch3x3dbl_3a(d), self.branch3x3dbl_3b(d)], 1)
        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)
        branch_pool = self.branch_pool(branch_pool)
        return torch.cat([branch1x1, branch3x3, branch3x3dbl, branch_pool], 1)


class FIDInceptionE2(InceptionE):
    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        b3 = self.branch3x3_1(x)
        branch3x3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        d = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        branch3x3dbl = torch.cat([self.branch3x3dbl_3a(d), self.branch3x3dbl_3b(d)], 1)
        branch_pool = F.max_pool2d(x, kernel_size=3, stride=1, padding=1)
        branch_pool = self.branch_pool(branch_pool)
        return torch.cat([branch1x1, branch3x3, branch3x3dbl, branch_pool], 1)


def fid_inception_v3():
    """pytorch-fid's fid_inception_v3() without the download."""
    inception = torchvision.models.inception_v3(
        weights=None, num_classes=1008, aux_logits=False, init_weights=False)
    inception.Mixed_5b = FIDInceptionA(192, pool_features=32)
    inception.Mixed_5c = FIDInceptionA(256, pool_features=64)
    inception.Mixed_5d = FIDInceptionA(288, pool_features=64)
    inception.Mixed_6b = FIDInceptionC(768, channels_7x7=128)
    inception.Mixed_6c = FIDInceptionC(768, channels_7x7=160)
    inception.Mixed_6d = FIDInceptionC(768, channels_7x7=160)
    inception.Mixed_6e = FIDInceptionC(768, channels_7x7=192)
    inception.Mixed_7b = FIDInceptionE1(1280)
    inception.Mixed_7c = FIDInceptionE2(2048)
    return inception


class FidInception(torch.nn.Module):
    """pytorch-fid's InceptionV3 blocks 0-3 (pool3 features) plus the classifier on top."""

    def __init__(self, inception):
        super().__init__()
        self.inception = inception

    def forward(self, images):
        i = self.inception
        x = 2 * images - 1
        x = i.Conv2d_1a_3x3(x)
        x = i.Conv2d_2a_3x3(x)
        x = i.Conv2d_2b_3x3(x)
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = i.Conv2d_3b_1x1(x)
        x = i.Conv2d_4a_3x3(x)
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = i.Mixed_5b(x)
        x = i.Mixed_5c(x)
        x = i.Mixed_5d(x)
        x = i.Mixed_6a(x)
        x = i.Mixed_6b(x)
        x = i.Mixed_6c(x)
        x = i.Mixed_6d(x)
        x = i.Mixed_6e(x)
        x = i.Mixed_7a(x)
        x = i.Mixed_7b(x)
        x = i.Mixed_7c(x)
        features = F.adaptive_avg_pool2d(x, output_size=(1, 1)).flatten(1)
        return features, i.fc(features)


def compare_with_pytorch_fid(model, state_dict):
    from pytorch_fid.inception import fid_inception_v3 as theirs_fn  # noqa: only with pytorch-fid

    theirs = theirs_fn()
    theirs.load_state_dict(state_dict)
    theirs = FidInception(theirs.eval()).eval()
    x = torch.rand(2, 3, 299, 299)
    with torch.no_grad():
        for a, b in zip(model(x), theirs(x)):
            assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()
    print("matches pytorch-fid's fid_inception_v3()")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--weights", help="pytorch-fid's pt_inception-2015-12-05-6726825d.pth")
    group.add_argument("--random-weights", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compare-pytorch-fid", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    torch.manual_seed(args.seed)

    inception = fid_inception_v3()
    model = FidInception(inception)
    if args.weights:
        digest = frozen_common.check_published_prefix(args.weights, PUBLISHED_PREFIX)
        state_dict = torch.load(args.weights, map_location="cpu")
        inception.load_state_dict(state_dict)
        weights = f"pytorch-fid pt_inception-2015-12-05, sha256 {digest}"
        name = "pytorch-fid-inception-v3"
    else:
        frozen_common.randomise(inception, args.seed, model, 299, gamma=(0.2, 0.6))
        state_dict = inception.state_dict()
        weights = f"random (seed {args.seed}), batch-norm statistics from random images"
        name = "pytorch-fid-inception-v3-random-weights"
    model.eval()
    if args.compare_pytorch_fid:
        compare_with_pytorch_fid(model, state_dict)
    with torch.no_grad():
        frozen = torch.jit.freeze(
            torch.jit.trace(model, torch.rand(2, 3, 299, 299)).eval(), optimize_numerics=False)
        images = frozen_common.check_images()
        resized = F.interpolate(images, size=(299, 299), mode="bilinear", align_corners=False)
        features, logits = model(resized)
        traced_features, traced_logits = frozen(resized)
    assert features.shape == (frozen_common.CHECK_IMAGES, 2048) and logits.shape[1] == 1008
    print("traced vs eager:", (traced_features - features).abs().max().item(),
          (traced_logits - logits).abs().max().item())
    assert torch.allclose(traced_features, features, atol=1e-5)
    assert torch.allclose(traced_logits, logits, atol=1e-4)
    path = os.path.join(args.out, "inception.pt")
    frozen.save(path)
    with open(os.path.join(args.out, "inception.json"), "w") as f:
        json.dump({"name": name, "inputSize": 299, "featureDimension": 2048, "classes": 1008},
                  f, indent=2)
        f.write("\n")
    frozen_common.write_fixture(os.path.join(args.out, "expected.json"), images,
                                {"features": traced_features, "logits": traced_logits}, weights)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, {weights}) in "
          f"{time.time() - start:.1f} s; features mean {features.mean():.3f} max "
          f"{features.max():.3f}, logits std {logits.std():.3f}")


if __name__ == "__main__":
    main()
