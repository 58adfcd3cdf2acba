"""Splits one profiled training step into the categories of docs/model.md ("Where a CPU step's time goes").

usage: step_profile.py PROFILE.json [--phases PHASES.json] [--split ONEDNN_VERBOSE.log] [--detail]

PROFILE: libtorch's trace events, as `./bench training-step ... --profile FILE` writes them, or as
torch.autograd.profiler's export_chrome_trace writes them for an eager PyTorch step.
PHASES: the benchmark's gradient phases ([[start_us, end_us], ...] from the profile's start, written
beside the profile); operations outside them are the optimiser, the EMA and the averaging. For an
eager PyTorch trace, 'Optimizer.step#...' and '_foreach_' operations are.
Time between top-level operations is counted as framework overhead.
"""
import argparse, collections, json, sys

def load(path):
    ev = json.load(open(path))
    if isinstance(ev, dict): ev = ev["traceEvents"]
    out = []
    for e in ev:
        if e.get("ph") != "X": continue
        shape = e.get("shape")
        if shape is None: shape = e.get("args", {}).get("Input Dims")
        out.append(dict(name=e["name"], ts=float(e["ts"]), dur=float(e["dur"]), tid=e["tid"], shape=shape, kids=[]))
    return out
def nest(ev):
    roots = []
    by = collections.defaultdict(list)
    for e in ev: by[e["tid"]].append(e)
    for tid, lst in by.items():
        lst.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        for e in lst:
            while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"] - 1e-6:
                stack.pop()
            if stack: stack[-1]["kids"].append(e); e["parent"] = stack[-1]
            else: roots.append(e); e["parent"] = None
            stack.append(e)
    return roots

def dims(e):
    out = []
    for s in (e.get("shape") or []):
        if isinstance(s, list): out.append(s)
    return out

def category(r, phases):
    name = r["name"]
    inner = r["kids"][0] if name.startswith("autograd::engine::evaluate_function") and r["kids"] else r
    iname = inner["name"]
    shapes = dims(inner)
    if phases is not None:
        mid = r["ts"] + r["dur"] / 2
        if not any(a <= mid <= b for a, b in phases):
            return "optimiser, EMA, gradient averaging"
    if name.startswith("Optimizer.") or "_foreach_" in name:
        return "optimiser, EMA, gradient averaging"
    if iname in ("aten::conv2d", "aten::convolution", "aten::_convolution"):
        return "conv forward"
    if "ConvolutionBackward" in iname or "Conv2DBackward" in iname:
        return "conv backward"
    if iname in ("aten::batch_norm", "NativeBatchNormBackward0", "aten::var_mean", "VarMeanBackward0") \
            or any(len(s) == 5 for s in shapes):
        return "batch norm"
    if any(17 in s for s in shapes) or "softmax" in iname.lower() or "Softmax" in iname \
            or iname in ("aten::bmm", "BmmBackward0"):
        return "attention, contrastive & word losses"
    if iname in ("aten::matmul", "aten::mm", "aten::addmm", "aten::linear", "MmBackward0", "AddmmBackward0",
                 "aten::t", "TBackward0"):
        return "dense layers, spectral-norm products"
    if iname in ("autograd::engine::evaluate_function: torch::autograd::AccumulateGrad", "torch::autograd::AccumulateGrad"):
        return "gradient bookkeeping"
    if iname in ("aten::clone",) or (iname in ("aten::sub_",) and len(shapes) >= 2 and shapes[0] == shapes[1]):
        return "gradient bookkeeping"
    return "other elementwise (activations, pooling, upsampling, SN division, adds)"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("profile"); ap.add_argument("--phases"); ap.add_argument("--wall", type=float,
        help="the step's wall time in ms (default: the profile's span)")
    ap.add_argument("--split", help="oneDNN verbose log: split conv backward into data/weights")
    ap.add_argument("--detail", action="store_true")
    a = ap.parse_args()
    ev = load(a.profile); roots = nest(ev)
    phases = json.load(open(a.phases)) if a.phases else None
    start = min(e["ts"] for e in ev); end = max(e["ts"] + e["dur"] for e in ev)
    wall = a.wall * 1e3 if a.wall else end - start
    cats = collections.Counter(); ops = collections.Counter(); detail = collections.defaultdict(collections.Counter)
    for r in roots:
        if r["name"] in ("__start_profile",) or r["name"].startswith("ProfilerStep"): continue
        c = category(r, phases)
        cats[c] += r["dur"]; detail[c][r["name"]] += r["dur"]
    n_ops = sum(1 for e in ev if e["name"].startswith("aten::") or e["name"].endswith("Backward0") or e["name"].endswith("Backward1"))
    n_top = len(roots)
    covered = sum(cats.values())
    if a.split:
        kinds = collections.Counter()
        for line in open(a.split):
            f = line.strip().split(",")
            if "exec" not in line or "convolution" not in f: continue
            i = f.index("convolution")
            kinds[f[i + 2]] += float(f[-1])
        tot = kinds["backward_data"] + kinds["backward_weights"]
        if tot:
            bwd = cats.pop("conv backward", 0)
            cats["conv backward: input gradient"] = bwd * kinds["backward_data"] / tot
            cats["conv backward: weight gradient"] = bwd * kinds["backward_weights"] / tot
            print("oneDNN exec ms (all steps):", {k: round(v, 1) for k, v in kinds.items()}, file=sys.stderr)
    cats["framework (time between ops)"] = wall - covered
    order = ["conv forward", "conv backward: input gradient", "conv backward: weight gradient", "conv backward",
             "batch norm", "attention, contrastive & word losses", "dense layers, spectral-norm products",
             "other elementwise (activations, pooling, upsampling, SN division, adds)", "gradient bookkeeping",
             "optimiser, EMA, gradient averaging", "framework (time between ops)"]
    print(f"{'category':75s} {'ms':>8s} {'share':>6s}")
    for k in order:
        if k in cats:
            print(f"{k:75s} {cats[k]/1e3:8.1f} {100*cats[k]/wall:5.1f}%")
            if a.detail:
                for nm, v in detail[k].most_common(6): print(f"      {nm[:70]:70s} {v/1e3:8.1f}")
    print(f"{'total (wall)':75s} {wall/1e3:8.1f}")
    print(f"top-level ops {n_top}, dispatched ops and autograd nodes {n_ops}", file=sys.stderr)

if __name__ == "__main__":
    main()
