#!/usr/bin/env python3
"""A textbook class-conditional GAN on the shapes dataset: the baseline that calibrates the quickstart.

The quickstart's XMC-GAN learns to follow a caption's colour on 2 CPU cores but not its shape
(docs/quickstart-experiments.md). This script asks whether a standard conditional GAN, given the
true (colour, shape) class of every image instead of a caption, does better on the same data and
budget. It is an SNGAN-style ResNet GAN at 32 px: conditional batch norm in G, spectral norm and a
projection head in D, hinge loss, Adam (0, 0.999). Generated images are scored with a port of the
caption probe's classifier (cli/.../ShapeClassifier.java), so its numbers compare with the probe's.

Options beyond the plain GAN, each an idea for getting shape faster:
  --aux-weight W     an auxiliary 24-way class loss on D's features for real and fake images
                     (AC-GAN), so that D must learn shape features
  --tagger-weight W  a frozen CNN tagger, trained first on the real images, whose class loss on
                     the fakes G also minimises (a supervised stand-in for XMC-GAN's image encoder)

Usage (the data comes from `xmcgan datasets shapes`; one shape per image, so each has one class):
  ./xmcgan datasets shapes -o /tmp/shapes1 --train 8192 --validation 256 --image-size 32 \\
      --max-shapes 1 --grid 1 --seed 7
  /usr/bin/python3 tools/experiments/shapes_cgan_baseline.py /tmp/shapes1 --images 19200
Prints, every 20,000 images and at the end, the colour and shape accuracy of 240 generated images
(10 per class) and writes a sample grid (one column per class) next to the data.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

COLORS = ["red", "green", "blue", "yellow", "purple", "orange"]
SHAPES = ["circle", "square", "triangle", "diamond"]
CLASSES = len(COLORS) * len(SHAPES)
PALETTE = np.array(
    [[220, 40, 40], [40, 170, 60], [40, 80, 220], [235, 210, 40], [140, 60, 180], [245, 140, 30]]
)
Z_DIM = 64
REPORT_EVERY_IMAGES = 20000


def load(root, split):
    """Images in [0, 1] and their class, colour * 4 + shape, read from the first caption."""
    coco = json.load(open(os.path.join(root, "annotations", f"captions_{split}.json")))
    first_caption = {}
    for annotation in coco["annotations"]:
        first_caption.setdefault(annotation["image_id"], annotation["caption"])
    images, labels = [], []
    for image in coco["images"]:
        words = first_caption[image["id"]].lower().replace(".", "").split()
        color = next(i for i, w in enumerate(COLORS) if w in words)
        shape = next(i for i, w in enumerate(SHAPES) if w in words)
        pixels = Image.open(os.path.join(root, split, image["file_name"])).convert("RGB")
        images.append(np.asarray(pixels))
        labels.append(color * len(SHAPES) + shape)
    x = torch.tensor(np.stack(images)).permute(0, 3, 1, 2).float() / 255
    return x, torch.tensor(labels)


def largest_region(mask):
    height, width = mask.shape
    component = -np.ones((height, width), int)
    best, best_size, next_id = -1, 0, 0
    for sy in range(height):
        for sx in range(width):
            if not mask[sy, sx] or component[sy, sx] >= 0:
                continue
            component[sy, sx] = next_id
            stack, size = [(sy, sx)], 0
            while stack:
                y, x = stack.pop()
                size += 1
                for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                    if 0 <= ny < height and 0 <= nx < width and mask[ny, nx] and component[ny, nx] < 0:
                        component[ny, nx] = next_id
                        stack.append((ny, nx))
            if size > best_size:
                best, best_size = next_id, size
            next_id += 1
    return component == best


def classify(image):
    """(colour, shape) indices of the main object of an HxWx3 uint8 image, as ShapeClassifier."""
    border = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]]).astype(int)
    background = np.sort(border, axis=0)[len(border) // 2]
    foreground = ((image.astype(int) - background) ** 2).sum(-1) >= 70 * 70
    if not foreground.any():
        return None
    nearest = ((image[:, :, None, :].astype(int) - PALETTE[None, None]) ** 2).sum(-1).argmin(-1)
    color = np.bincount(nearest[foreground], minlength=len(COLORS)).argmax()
    ys, xs = np.nonzero(largest_region(foreground & (nearest == color)))
    box_width, box_height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    fill = len(ys) / (box_width * box_height)
    centroid_offset = ((ys + 0.5).mean() - (ys.min() + box_height / 2)) / box_height
    if centroid_offset > 0.07:
        return color, SHAPES.index("triangle")
    if fill >= 0.88:
        return color, SHAPES.index("square")
    return color, SHAPES.index("circle") if fill >= 0.66 else SHAPES.index("diamond")


class ConditionalBatchNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.norm = nn.BatchNorm2d(channels, affine=False)
        self.gamma = nn.Embedding(CLASSES, channels)
        self.beta = nn.Embedding(CLASSES, channels)
        nn.init.ones_(self.gamma.weight)
        nn.init.zeros_(self.beta.weight)

    def forward(self, x, y):
        return self.norm(x) * self.gamma(y)[:, :, None, None] + self.beta(y)[:, :, None, None]


class GeneratorBlock(nn.Module):
    def __init__(self, channels_in, channels_out):
        super().__init__()
        self.norm1 = ConditionalBatchNorm(channels_in)
        self.conv1 = nn.Conv2d(channels_in, channels_out, 3, 1, 1)
        self.norm2 = ConditionalBatchNorm(channels_out)
        self.conv2 = nn.Conv2d(channels_out, channels_out, 3, 1, 1)
        self.shortcut = nn.Conv2d(channels_in, channels_out, 1)

    def forward(self, x, y):
        h = F.interpolate(F.relu(self.norm1(x, y)), scale_factor=2)
        h = self.conv2(F.relu(self.norm2(self.conv1(h), y)))
        return h + self.shortcut(F.interpolate(x, scale_factor=2))


class Generator(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.ch = ch
        self.project = nn.Linear(Z_DIM, 4 * 4 * ch * 4)
        self.blocks = nn.ModuleList(
            [GeneratorBlock(ch * 4, ch * 4), GeneratorBlock(ch * 4, ch * 2), GeneratorBlock(ch * 2, ch)]
        )
        self.norm = nn.BatchNorm2d(ch)
        self.out = nn.Conv2d(ch, 3, 3, 1, 1)

    def forward(self, z, y):
        x = self.project(z).view(-1, self.ch * 4, 4, 4)
        for block in self.blocks:
            x = block(x, y)
        return (torch.tanh(self.out(F.relu(self.norm(x)))) + 1) / 2


def spectral(module):
    return nn.utils.spectral_norm(module)


class DiscriminatorBlock(nn.Module):
    def __init__(self, channels_in, channels_out, downsample, first=False):
        super().__init__()
        self.conv1 = spectral(nn.Conv2d(channels_in, channels_out, 3, 1, 1))
        self.conv2 = spectral(nn.Conv2d(channels_out, channels_out, 3, 1, 1))
        self.shortcut = spectral(nn.Conv2d(channels_in, channels_out, 1))
        self.downsample = downsample
        self.first = first

    def forward(self, x):
        h = self.conv2(F.relu(self.conv1(x if self.first else F.relu(x))))
        s = self.shortcut(x)
        if self.downsample:
            h, s = F.avg_pool2d(h, 2), F.avg_pool2d(s, 2)
        return h + s


class Discriminator(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.blocks = nn.Sequential(
            DiscriminatorBlock(3, ch, True, first=True),
            DiscriminatorBlock(ch, ch * 2, True),
            DiscriminatorBlock(ch * 2, ch * 4, True),
            DiscriminatorBlock(ch * 4, ch * 4, False),
        )
        self.logit = spectral(nn.Linear(ch * 4, 1))
        self.projection = spectral(nn.Embedding(CLASSES, ch * 4))
        self.auxiliary = nn.Linear(ch * 4, CLASSES)

    def forward(self, x, y):
        """The projection logit and the auxiliary class logits."""
        h = F.relu(self.blocks(x)).sum((2, 3))
        return self.logit(h).squeeze(1) + (self.projection(y) * h).sum(1), self.auxiliary(h)


def train_tagger(x, y):
    tagger = nn.Sequential(
        nn.Conv2d(3, 32, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 16, CLASSES),
    )
    optimizer = torch.optim.Adam(tagger.parameters(), 1e-3)
    for _ in range(1500):
        idx = torch.randint(0, len(x), (64,))
        loss = F.cross_entropy(tagger(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        accuracy = (tagger(x[:1000]).argmax(1) == y[:1000]).float().mean().item()
    print(f"tagger: {accuracy:.0%} of 1000 training images classified right", flush=True)
    for p in tagger.parameters():
        p.requires_grad_(False)
    return tagger.eval()


def report(generator, seen, started, out_prefix):
    generator.eval()
    with torch.no_grad():
        labels = torch.arange(CLASSES).repeat(10)
        images = generator(torch.randn(len(labels), Z_DIM), labels)
    generator.train()
    pixels = (images.permute(0, 2, 3, 1).numpy() * 255).round().astype(np.uint8)
    color_hits = shape_hits = 0
    for image, label in zip(pixels, labels.tolist()):
        prediction = classify(image)
        if prediction:
            color_hits += prediction[0] == label // len(SHAPES)
            shape_hits += prediction[1] == label % len(SHAPES)
    print(
        f"images {seen}: colour {color_hits / len(labels):.0%}, shape {shape_hits / len(labels):.0%}"
        f" ({time.time() - started:.0f} s)",
        flush=True,
    )
    grid = pixels[: 2 * CLASSES].reshape(2, CLASSES, 32, 32, 3).transpose(0, 2, 1, 3, 4)
    Image.fromarray(grid.reshape(64, CLASSES * 32, 3)).save(f"{out_prefix}-{seen}.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="output directory of `xmcgan datasets shapes --max-shapes 1`")
    parser.add_argument("--channels", type=int, default=16, help="base width of G and D (16)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--images", type=int, default=19200, help="real images shown to D")
    parser.add_argument("--lr-g", type=float, default=2e-4)
    parser.add_argument("--lr-d", type=float, default=2e-4)
    parser.add_argument("--d-steps", type=int, default=1)
    parser.add_argument("--aux-weight", type=float, default=0.0)
    parser.add_argument("--tagger-weight", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    torch.manual_seed(args.seed)
    x, y = load(args.data, "train")
    tagger = train_tagger(x, y) if args.tagger_weight > 0 else None
    generator, discriminator = Generator(args.channels), Discriminator(args.channels)
    optimizer_g = torch.optim.Adam(generator.parameters(), args.lr_g, betas=(0.0, 0.999))
    optimizer_d = torch.optim.Adam(discriminator.parameters(), args.lr_d, betas=(0.0, 0.999))
    out_prefix = os.path.join(args.data, f"cgan-{args.channels}ch-batch{args.batch}")
    started = time.time()
    steps = args.images // (args.batch * args.d_steps)
    for step in range(1, steps + 1):
        for _ in range(args.d_steps):
            idx = torch.randint(0, len(x), (args.batch,))
            real, labels = x[idx], y[idx]
            fake = generator(torch.randn(args.batch, Z_DIM), labels)
            real_logit, real_classes = discriminator(real, labels)
            fake_logit, _ = discriminator(fake.detach(), labels)
            loss_d = F.relu(1 - real_logit).mean() + F.relu(1 + fake_logit).mean()
            loss_d = loss_d + args.aux_weight * F.cross_entropy(real_classes, labels)
            optimizer_d.zero_grad()
            loss_d.backward()
            optimizer_d.step()
        fake_logit, fake_classes = discriminator(fake, labels)
        loss_g = -fake_logit.mean() + args.aux_weight * F.cross_entropy(fake_classes, labels)
        if tagger is not None:
            loss_g = loss_g + args.tagger_weight * F.cross_entropy(tagger(fake), labels)
        optimizer_g.zero_grad()
        loss_g.backward()
        optimizer_g.step()
        seen = step * args.batch * args.d_steps
        if seen % REPORT_EVERY_IMAGES < args.batch * args.d_steps or step == steps:
            report(generator, seen, started, out_prefix)


if __name__ == "__main__":
    main()
