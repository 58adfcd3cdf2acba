"""Writes the TorchScript module that casts tensors between float32 and bfloat16 for bf16 training.

DJL 0.36's PyTorch engine has no bfloat16 data type: its JNI maps no DataType to torch.bfloat16
(a cast from Java aborts the process) and its own casts are not recorded for autograd, but it runs
any TorchScript module, differentiably, and every operation on the tensors that module returns.
This module is the two casts the bf16 precision needs (docs/training.md, "Precision"); the file is
committed, so a build needs no Python.

    python3 tools/model/export_bf16_cast.py model/src/main/resources/io/xmcgan/model/bf16-cast.pt
"""
import sys

import torch


class Bfloat16Cast(torch.nn.Module):
    """bfloat16 to float32 and anything else to bfloat16."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.bfloat16:
            return x.to(torch.float32)
        return x.to(torch.bfloat16)


if __name__ == "__main__":
    torch.jit.save(torch.jit.script(Bfloat16Cast()), sys.argv[1])
