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

import torch
import torch.nn.functional as F
from torch import nn

import extractor_files

SEED = 20240601
INPUT_SIZE = 32
FEATURES = 64
CLASSES = 10


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
    extractor_files.write(TinyExtractor(), "tiny", INPUT_SIZE, FEATURES, CLASSES, SEED + 1)


if __name__ == "__main__":
    main()
