#!/usr/bin/python3
"""Writes model/src/test/resources/model/tiny_image_encoder.pt: a tiny frozen TorchScript image
encoder (bilinear resize to 16x16 inside, conv + inference-mode batch norm + ReLU, global average,
linear to 10 logits) standing in for the ResNet-50 in tests, plus the expected output on a fixed
input in tiny_image_encoder.json, and an unfrozen copy (tiny_image_encoder_unfrozen.pt) that the
loader must refuse. Seeded, so it can be regenerated.

Usage: /usr/bin/python3 tools/model/make_image_encoder_fixture.py   (from the repository root)
"""
import json
import os

import torch
import torch.nn.functional as F

SEED = 7
DIR = os.path.join(os.path.dirname(__file__), "..", "..", "model", "src", "test", "resources",
                   "model")


class TinyEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.norm = torch.nn.BatchNorm2d(8)
        self.head = torch.nn.Linear(8, 10)

    def forward(self, x):
        x = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
        x = F.relu(self.norm(self.conv(x)))
        return self.head(x.mean(dim=(2, 3)))


def main():
    torch.manual_seed(SEED)
    model = TinyEncoder()
    with torch.no_grad():
        model.norm.running_mean.uniform_(-0.5, 0.5)
        model.norm.running_var.uniform_(0.5, 2.0)
    model.eval()
    frozen = torch.jit.freeze(torch.jit.script(model))
    frozen.save(os.path.join(DIR, "tiny_image_encoder.pt"))
    # The same module scripted but not frozen: the Java loader must refuse it.
    torch.jit.script(model).save(os.path.join(DIR, "tiny_image_encoder_unfrozen.pt"))
    x = torch.linspace(0, 1, 2 * 3 * 32 * 32).reshape(2, 3, 32, 32)
    with torch.no_grad():
        y = frozen(x)
    with open(os.path.join(DIR, "tiny_image_encoder.json"), "w") as f:
        json.dump({"inputShape": [2, 3, 32, 32], "output": y.tolist()}, f)
    print("wrote tiny_image_encoder.pt, output[0][:3] =", y[0, :3].tolist())


if __name__ == "__main__":
    main()
