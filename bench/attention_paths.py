"""CPU inference speed of the exported attention: the one path (`RaggedAttention.attend_heads`) against the eager-only
path it replaced and against a variant with an in-place softmax, side by side.

Until this version an exported model had two CPU inference paths: eager `eval()` + `no_grad()` took a hand-tuned
one (score buffers reused across heads in 8 MB chunks, in-place softmax through `out=`, `bmm` into contiguous scratch
memory; copied below as `attend_fast_removed`, unchanged), while `torch.export`, ONNX and `torch.compile` traced the
SDPA path. `attend_heads` is plain tensor operations that eager mode and every tracer take, with a fresh tensor for
every head's softmax; `attend_heads_inplace` (below) overwrites the scores instead, as the removed path did (tried as
`attend_heads` for eager inference without autograd, not kept: see nbs/08_export.ipynb). For each model: a
random-init dense ViT, `arch_for_ratio(model, --ratio, skip=--skip)` (pruned heads, uneven value widths, pruned MLP
units, skipped blocks), `materialize`; then the whole exported model is timed with each path in rounds (the order
cycling through all permutations; medians and the median of paired ratios), at batch 1 (latency) and at `--batch`
(throughput), for each thread count. At `--batch` twice: one forward per path per round (each forward follows another
path's, so it meets the allocator state that path left), and `--blocks` forwards per visit (the allocator settled).

    python bench/attention_paths.py --threads 1 --reps 16 --lat-reps 80 --out bench/attention_paths.json
"""
import argparse, itertools, json, os, statistics, sys, time, types
import torch, timm
from uvc_nb.export import arch_for_ratio, materialize, RaggedAttention
from speed import cpu_name, loadavg


def attend_fast_removed(self, qkv):
    "The removed eager inference path (uvc_nb up to abcaa55), verbatim."
    B, N, _ = qkv.shape
    q, k, v0 = self._qk(qkv)
    out = qkv.new_empty(B, N, self.v_dim)
    if B == 1:  # one image: all heads share q/k width d, so one product for all scores, one `bmm` per group
        s, o = qkv.new_empty(self.num_heads, N, N), qkv.new_empty(self.num_heads*N*self.head_dim)
        torch.baddbmm(s, q[0], k[0].transpose(1, 2), beta=0., alpha=self.scale, out=s)
        torch.softmax(s, -1, out=s)
        off = 0
        for h0, n, w in self.groups:
            v = qkv[0, :, v0 + off:v0 + off + n*w].view(N, n, w).transpose(0, 1)
            og = torch.bmm(s[h0:h0 + n], v, out=o[:n*N*w].view(n, N, w))  # contiguous `out`: one batched GEMM
            out[0, :, off:off + n*w].view(N, n, w).copy_(og.transpose(0, 1))
            off += n*w
        return out
    cb = max(1, min(B, (8 << 20) // (N*N*qkv.element_size())))  # images per chunk (score_bytes, 8 MB)
    s, o = qkv.new_empty(cb, N, N), qkv.new_empty(cb*N*self.head_dim)
    for b0 in range(0, B, cb):
        c, off = min(cb, B - b0), 0
        sc = s[:c]
        for i, w in enumerate(self.v_widths):  # a chunk of images, one head: q, k, v are strided views
            torch.baddbmm(sc, q[b0:b0 + c, i], k[b0:b0 + c, i].transpose(1, 2), beta=0., alpha=self.scale, out=sc)
            torch.softmax(sc, -1, out=sc)
            oi = torch.bmm(sc, qkv[b0:b0 + c, :, v0 + off:v0 + off + w], out=o[:c*N*w].view(c, N, w))
            out[b0:b0 + c, :, off:off + w].copy_(oi)
            off += w
    return out


def attend_heads_inplace(self, qkv):
    "`attend_heads` with the softmax written over the scores (`out=`: eager inference only), not into a fresh tensor."
    q, k, off = self._qk(qkv)
    q, outs = q * self.scale, []
    for i, w in enumerate(self.v_widths):
        s = torch.matmul(q[:, i], k[:, i].transpose(-2, -1))
        s = torch.softmax(s, -1, out=s)
        outs.append(torch.matmul(s, qkv[..., off:off + w]))
        off += w
    return torch.cat(outs, -1) if len(outs) > 1 else outs[0]


PATHS = dict(removed=attend_fast_removed, inplace=attend_heads_inplace, heads=None)  # None: the class's own method


def use_path(model, path:str):
    "Point every `RaggedAttention` of `model` at one of `PATHS` ('heads': back at today's `attend_heads`)."
    for m in model.modules():
        if isinstance(m, RaggedAttention):
            if PATHS[path] is None: m.__dict__.pop('attend_heads', None)
            else: m.attend_heads = types.MethodType(PATHS[path], m)


def time_paths(model, x, reps:int, block:int=1, warmup:int=2)->dict:
    """Seconds per forward of `model` on `x` with each path, in rounds that visit every path once, the order cycling
    through all permutations. `block` forwards per visit: with 1, each forward follows another path's (paths alternate);
    with more, a visit reports the median of its forwards after the first (the allocator settled on this path)."""
    names, t = list(PATHS), {n: [] for n in PATHS}
    orders = list(itertools.permutations(names))
    def visit(path):
        use_path(model, path); ts = []
        for _ in range(block): s = time.perf_counter(); model(x); ts.append(time.perf_counter() - s)
        return statistics.median(ts[1:] if block > 1 else ts)
    with torch.inference_mode():
        for _ in range(warmup):
            for n in names: visit(n)
        for r in range(reps):
            for n in orders[r % len(orders)]: t[n].append(visit(n))
    use_path(model, 'heads')
    med = {n: statistics.median(v) for n, v in t.items()}
    def ratio(a, b): return dict(median=med[a]/med[b], paired=statistics.median(x/y for x, y in zip(t[a], t[b])))
    return dict(batch=x.shape[0], block=block, seconds=t, median_s=med, heads_over_removed=ratio('heads', 'removed'),
                inplace_over_removed=ratio('inplace', 'removed'), inplace_over_heads=ratio('inplace', 'heads'))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--models', nargs='+', default=['deit_tiny_patch16_224', 'deit_small_patch16_224'])
    p.add_argument('--ratio', type=float, default=0.5)
    p.add_argument('--skip', type=int, default=2)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--reps', type=int, default=12, help='rounds at --batch')
    p.add_argument('--lat-reps', type=int, default=60, help='rounds at batch 1')
    p.add_argument('--blocks', type=int, nargs='+', default=[1, 3],
                   help='forwards per path per round at --batch: 1 alternates paths forward by forward; more lets the allocator settle')
    p.add_argument('--threads', type=int, nargs='+', default=[1])
    p.add_argument('--out', default='bench/attention_paths.json')
    args = p.parse_args(argv)
    results = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name in args.models:
            torch.manual_seed(0)
            dense = timm.create_model(name, pretrained=False).eval()
            arch = arch_for_ratio(dense, args.ratio, skip=args.skip, seed=args.seed)
            small = materialize(dense, arch).eval()
            xs = torch.randn(3, 3, *arch.shapes.img_size)
            outs = {}
            with torch.inference_mode():
                for n in PATHS: use_path(small, n); outs[n] = small(xs)
            use_path(small, 'heads')
            r = dict(model=name, threads=threads, kept_v=arch.kept_v, skipped=arch.skipped, macs_ratio=arch.macs_ratio(),
                     max_abs_diff={n: (o - outs['removed']).abs().max().item() for n, o in outs.items()}, load_before=loadavg())
            r['latency'] = time_paths(small, torch.randn(1, 3, *arch.shapes.img_size), args.lat_reps)
            xb = torch.randn(args.batch, 3, *arch.shapes.img_size)
            r['throughput'] = [time_paths(small, xb, args.reps, block=k) for k in args.blocks]
            r['load_after'] = loadavg()
            results.append(r)
            def fmt(d): return (f"heads {d['heads_over_removed']['median']:.3f} (paired {d['heads_over_removed']['paired']:.3f}), "
                                f"inplace {d['inplace_over_removed']['median']:.3f} (paired {d['inplace_over_removed']['paired']:.3f})")
            print(f"{name} threads={threads}, time / removed path's: batch 1: {fmt(r['latency'])}", flush=True)
            for d in r['throughput']: print(f"  batch {args.batch}, {d['block']} forwards per visit: {fmt(d)}", flush=True)
            print(f"  outputs differ from the removed path's by {r['max_abs_diff']}; load {r['load_before']} -> {r['load_after']}", flush=True)
    out = dict(command='python bench/attention_paths.py ' + ' '.join(sys.argv[1:] if argv is None else argv),
               torch=torch.__version__, timm=timm.__version__, cpu=cpu_name(), cpu_count=os.cpu_count(),
               malloc_env={k: v for k, v in os.environ.items() if k.startswith('MALLOC_')}, results=results)
    if args.out:
        with open(args.out, 'w') as f: json.dump(out, f, indent=1)
    return out


if __name__ == '__main__': main()
