"""Trains the shapes feature extractor, the evaluator's default for the built-in shapes dataset
(docs/evaluation.md, "Built-in extractors"), on images of the dataset itself.

A small CNN learns which of the dataset's 72 (colour, shape, background) combinations an image's
main object shows (its only shape, or the large one of two; images of two same-size shapes have no
main object and are left out). Its 64 penultimate activations are the features FID compares and its
72 logits the classes the Inception Score counts, so both measure what the captions describe.
The images come from `xmcgan datasets shapes` (seed 101, not a seed any sample manifest trains on),
both layouts (the default 3 x 3 one and one big centred shape), 32 px; their labels are the scenes
the dataset writes beside the captions (docs/preprocessing.md, "The synthetic shapes dataset").
They are all of its validation split, which draws every combination (the training split leaves out
the ones the evaluator holds out); the last 1000 of each layout are held out here.

Writes the module, its description and the Java test's fixture (extractor_files.py) and prints the
held-out accuracy. Run from the repository root, with the command line built:
  /usr/bin/python3 tools/feature-extractor/make_shapes_extractor.py
"""

import json
import os
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.io import read_image

import extractor_files

SEED = 20261206
DATA_SEED = 101
INPUT_SIZE = 32
FEATURES = 64
COLORS = ["red", "green", "blue", "yellow", "purple", "orange"]
SHAPES = ["circle", "square", "triangle", "diamond"]
BACKGROUNDS = ["white", "black", "gray"]
CLASSES = len(COLORS) * len(SHAPES) * len(BACKGROUNDS)
LAYOUTS = {"grid3": [], "grid1": ["--max-shapes", "1", "--grid", "1"]}
IMAGES_PER_LAYOUT = 9000
HELD_OUT_PER_LAYOUT = 1000
EPOCHS = 20
BATCH = 64


class ShapesExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        for inputs, outputs, stride in [(3, 32, 1), (32, 64, 2), (64, 64, 2), (64, 128, 2)]:
            layers += [nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1),
                       nn.BatchNorm2d(outputs), nn.ReLU()]
        self.convs = nn.Sequential(*layers)
        self.fc1 = nn.Linear(128, FEATURES)
        self.fc2 = nn.Linear(FEATURES, CLASSES)

    def forward(self, images):
        x = self.convs(images * 2.0 - 1.0)
        features = F.relu(self.fc1(x.mean(dim=(2, 3))))
        return features, self.fc2(features)


def label(image):
    """The class of the image's main object, or None when it has none."""
    shapes = image["shapes"]
    if len(shapes) == 2:
        large = [s for s in shapes if s["size"] == "large"]
        if len(large) != 1:
            return None
        main = large[0]
    else:
        main = shapes[0]
    return (
        (COLORS.index(main["color"]) * len(SHAPES) + SHAPES.index(main["shape"])) * len(BACKGROUNDS)
        + BACKGROUNDS.index(image["background"]))


def load(root, part):
    with open(os.path.join(root, "annotations", "captions_validation.json")) as f:
        images = json.load(f)["images"]
    held_out = len(images) - HELD_OUT_PER_LAYOUT
    tensors, labels = [], []
    for image in images[:held_out] if part == "train" else images[held_out:]:
        y = label(image)
        if y is None:
            continue
        tensors.append(read_image(os.path.join(root, "validation", image["file_name"]))[:3].float() / 255)
        labels.append(y)
    return torch.stack(tensors), torch.tensor(labels)


def dataset(work, part):
    parts = [load(os.path.join(work, name), part) for name in LAYOUTS]
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])


def generate(work):
    for name, flags in LAYOUTS.items():
        subprocess.run(
            ["./xmcgan", "datasets", "shapes", "-o", os.path.join(work, name),
             "--image-size", str(INPUT_SIZE), "--seed", str(DATA_SEED),
             "--train", "0", "--validation", str(IMAGES_PER_LAYOUT)] + flags,
            check=True, cwd=extractor_files.ROOT)


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x)[1].argmax(dim=1) == y).float().mean().item()


def main():
    torch.manual_seed(SEED)
    with tempfile.TemporaryDirectory() as work:
        generate(work)
        train_x, train_y = dataset(work, "train")
        val_x, val_y = dataset(work, "held-out")
    model = ShapesExtractor()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, EPOCHS)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(train_y))
        for i in range(0, len(order), BATCH):
            batch = order[i:i + BATCH]
            loss = F.cross_entropy(model(train_x[batch])[1], train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        schedule.step()
        model.eval()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, held-out accuracy "
              f"{accuracy(model, val_x, val_y):.4f}", file=sys.stderr)
    model.eval()
    print(f"{len(train_y)} training and {len(val_y)} held-out images; held-out accuracy "
          f"{accuracy(model, val_x, val_y):.4f}")
    extractor_files.write(model, "shapes", INPUT_SIZE, FEATURES, CLASSES, SEED + 1)


if __name__ == "__main__":
    main()
