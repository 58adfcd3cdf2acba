"""What every built-in feature extractor writes (docs/evaluation.md, "Built-in extractors"): the
traced module and its description under evaluation/src/main/resources/feature-extractors/<name>/,
and the fixture the Java test compares the evaluator's resize and forward pass with."""

import json
import os

import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIXTURE_BATCH = 3
FIXTURE_SOURCE_SIZE = 20


def write(model, name, input_size, features, classes, fixture_seed):
    """Traces `model` (forward(images in [0, 1]) -> (features, logits)) and writes the module,
    its description and the fixture: a seeded 20x20 batch, its bilinear resize to input_size and
    the loaded module's outputs."""
    out_dir = os.path.join(ROOT, "evaluation/src/main/resources/feature-extractors", name)
    fixture = os.path.join(
        ROOT, "evaluation/src/test/resources/feature-extractors", name + "-expected.json")
    os.makedirs(out_dir, exist_ok=True)
    module_file = os.path.join(out_dir, "extractor.pt")
    with torch.no_grad():
        traced = torch.jit.trace(model.eval(), torch.rand(2, 3, input_size, input_size))
    traced.save(module_file)
    description = {
        "name": name,
        "inputSize": input_size,
        "featureDimension": features,
        "classes": classes,
    }
    with open(os.path.join(out_dir, "extractor.json"), "w") as f:
        json.dump(description, f, indent=2)
        f.write("\n")

    generator = torch.Generator().manual_seed(fixture_seed)
    source = torch.rand(
        FIXTURE_BATCH, 3, FIXTURE_SOURCE_SIZE, FIXTURE_SOURCE_SIZE, generator=generator)
    resized = F.interpolate(
        source, size=(input_size, input_size), mode="bilinear", align_corners=False)
    loaded = torch.jit.load(module_file)
    with torch.no_grad():
        out_features, out_logits = loaded(resized)
    os.makedirs(os.path.dirname(fixture), exist_ok=True)
    with open(fixture, "w") as f:
        json.dump(
            {
                "sourceSize": FIXTURE_SOURCE_SIZE,
                "images": source.flatten().tolist(),
                "resized": resized.flatten().tolist(),
                "features": out_features.flatten().tolist(),
                "logits": out_logits.flatten().tolist(),
            },
            f,
        )
        f.write("\n")
