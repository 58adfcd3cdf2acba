"""Exports the Inception-v3 of pytorch-fid (the FID network of TF-GAN / the original TTUR code,
weights pt_inception-2015-12-05) as the evaluator's production feature extractor.

Needs `pip install pytorch-fid` (which downloads the FID weights on first use). Writes
  <out>/inception.pt    TorchScript: forward(images (N, 3, 299, 299) in [0, 1])
                        -> (pool3 features (N, 2048), logits (N, 1008))
  <out>/inception.json  {"name", "inputSize": 299, "featureDimension": 2048, "classes": 1008}
Upload both next to each other and set evaluation.featureExtractor.uri to the .pt file.

The evaluator resizes images to 299 itself (F.interpolate bilinear, align_corners=False, as
pytorch-fid's resize_input does), so the module takes 299 px input. It scales [0, 1] to [-1, 1] like
pytorch-fid's normalize_input. The logits are the 1008-way output of the same network (the
TF graph the original Inception Score used); the first 1000 are the ImageNet classes.

Run with: python3 tools/feature-extractor/export_pytorch_fid_inception.py [out_dir]
"""

import json
import os
import sys

import torch
import torch.nn.functional as F
from pytorch_fid.inception import fid_inception_v3


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


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    model = FidInception(fid_inception_v3()).eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.rand(2, 3, 299, 299))
        check = torch.rand(3, 3, 299, 299)
        expected_features, expected_logits = model(check)
        features, logits = traced(check)
        assert torch.allclose(features, expected_features, atol=1e-5)
        assert torch.allclose(logits, expected_logits, atol=1e-4)
    traced.save(os.path.join(out, "inception.pt"))
    with open(os.path.join(out, "inception.json"), "w") as f:
        json.dump(
            {
                "name": "pytorch-fid-inception-v3",
                "inputSize": 299,
                "featureDimension": 2048,
                "classes": 1008,
            },
            f,
            indent=2,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
