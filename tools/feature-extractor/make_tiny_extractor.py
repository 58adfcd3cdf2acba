"""Builds the tiny feature extractor that the evaluator's tests and the quickstart use instead of
Inception-v3.

Writes, relative to the repository root:
  evaluation/src/main/resources/feature-extractors/tiny/extractor.pt    TorchScript module
  evaluation/src/main/resources/feature-extractors/tiny/extractor.json  its description
  evaluation/src/test/resources/feature-extractors/tiny-expected.json
      a seeded 20x20 input batch, its bilinear resize to the extractor's input size and the
      module's outputs (the Java test's reference)

The module has the interface the evaluator expects of every extractor (docs/evaluation.md):
forward(images float32 (N, 3, S, S) in [0, 1], S = inputSize) returns (features (N, 64),
logits (N, 10)). Like pytorch-fid's Inception it scales its input to [-1, 1] itself. Weights are
random from a fixed seed: the tiny extractor only has to map different images to different, stable
features; its FID values are not comparable with Inception FIDs.
Run with: /usr/bin/python3 tools/feature-extractor/make_tiny_extractor.py
"""

import json
import os

import torch
import torch.nn.functional as F
from torch import nn

SEED = 20240601
INPUT_SIZE = 32
FEATURES = 64
CLASSES = 10
FIXTURE_BATCH = 3
FIXTURE_SOURCE_SIZE = 20

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_DIR = os.path.join(ROOT, "evaluation/src/main/resources/feature-extractors/tiny")
FIXTURE = os.path.join(ROOT, "evaluation/src/test/resources/feature-extractors/tiny-expected.json")


class TinyExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(32, FEATURES, 3, stride=1, padding=1)
        self.fc = nn.Linear(FEATURES, CLASSES)

    def forward(self, images):
        x = images * 2.0 - 1.0
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.conv3(x))
        features = x.mean(dim=(2, 3))
        return features, self.fc(features)


def main():
    torch.manual_seed(SEED)
    model = TinyExtractor().eval()
    os.makedirs(OUT_DIR, exist_ok=True)
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.rand(2, 3, INPUT_SIZE, INPUT_SIZE))
    traced.save(os.path.join(OUT_DIR, "extractor.pt"))
    description = {
        "name": "tiny",
        "inputSize": INPUT_SIZE,
        "featureDimension": FEATURES,
        "classes": CLASSES,
    }
    with open(os.path.join(OUT_DIR, "extractor.json"), "w") as f:
        json.dump(description, f, indent=2)
        f.write("\n")

    generator = torch.Generator().manual_seed(SEED + 1)
    source = torch.rand(FIXTURE_BATCH, 3, FIXTURE_SOURCE_SIZE, FIXTURE_SOURCE_SIZE, generator=generator)
    resized = F.interpolate(source, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
    loaded = torch.jit.load(os.path.join(OUT_DIR, "extractor.pt"))
    with torch.no_grad():
        features, logits = loaded(resized)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump(
            {
                "sourceSize": FIXTURE_SOURCE_SIZE,
                "images": source.flatten().tolist(),
                "resized": resized.flatten().tolist(),
                "features": features.flatten().tolist(),
                "logits": logits.flatten().tolist(),
            },
            f,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
