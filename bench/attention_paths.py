"""CPU inference speed of the exported attention: the one path (`RaggedAttention.attend_heads`) against the eager-only
path it replaced, side by side.

Until this version an exported model had two CPU inference paths: eager `eval()` + `no_grad()` took a hand-tuned
one (score buffers reused across heads in 8 MB chunks, in-place softmax through `out=`, `bmm` into contiguous scratch
memory; copied below as `attend_fast_removed`, unchanged), while `torch.export`, ONNX and `torch.compile` traced the
SDPA path. `attend_heads` is plain tensor operations that eager mode and every tracer take. For each model: a
random-init dense ViT, `arch_for_ratio(model, --ratio, skip=--skip)` (pruned heads, uneven value widths, pruned MLP
units, skipped blocks), `materialize`; then the whole exported model is timed with one path and the other in
alternating rounds (order swapped each round; medians and the median of paired ratios), at batch 1 (latency) and
at `--batch` (throughput), for each thread count.

    python bench/attention_paths.py --threads 1 --out bench/attention_paths.json
"""
import argparse, json, os, statistics, sys, time, types
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


def use_path(model, path:str):
    "Point every `RaggedAttention` of `model` at the removed path ('removed') or back at `attend_heads` ('heads')."
    for m in model.modules():
        if isinstance(m, RaggedAttention):
            if path == 'removed': m.attend_heads = types.MethodType(attend_fast_removed, m)
            else: m.__dict__.pop('attend_heads', None)


def time_paths(model, x, reps:int, warmup:int=2)->dict:
    "Seconds per forward of `model` on `x` with each path, alternating; medians and the median paired ratio."
    t = dict(removed=[], heads=[])
    def once(path):
        use_path(model, path); s = time.perf_counter(); model(x); return time.perf_counter() - s
    with torch.inference_mode():
        for _ in range(warmup): once('removed'); once('heads')
        for r in range(reps):
            for path in (('removed', 'heads') if r % 2 == 0 else ('heads', 'removed')): t[path].append(once(path))
    use_path(model, 'heads')
    mr, mh = statistics.median(t['removed']), statistics.median(t['heads'])
    return dict(batch=x.shape[0], removed_s=t['removed'], heads_s=t['heads'], removed_median_s=mr, heads_median_s=mh,
                heads_over_removed=mh/mr, paired_heads_over_removed=statistics.median(h/r for h, r in zip(t['heads'], t['removed'])))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--models', nargs='+', default=['deit_tiny_patch16_224', 'deit_small_patch16_224'])
    p.add_argument('--ratio', type=float, default=0.5)
    p.add_argument('--skip', type=int, default=2)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--reps', type=int, default=12, help='alternating rounds at --batch')
    p.add_argument('--lat-reps', type=int, default=60, help='alternating rounds at batch 1')
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
            with torch.inference_mode():
                use_path(small, 'removed'); a = small(xs); use_path(small, 'heads'); b = small(xs)
            r = dict(model=name, threads=threads, kept_v=arch.kept_v, skipped=arch.skipped, macs_ratio=arch.macs_ratio(),
                     max_abs_diff=(a - b).abs().max().item(), load_before=loadavg())
            r['latency'] = time_paths(small, torch.randn(1, 3, *arch.shapes.img_size), args.lat_reps)
            r['throughput'] = time_paths(small, torch.randn(args.batch, 3, *arch.shapes.img_size), args.reps)
            r['load_after'] = loadavg()
            results.append(r)
            print(f"{name} threads={threads}: attend_heads / removed path, batch 1 {r['latency']['heads_over_removed']:.3f} "
                  f"(paired {r['latency']['paired_heads_over_removed']:.3f}), batch {args.batch} {r['throughput']['heads_over_removed']:.3f} "
                  f"(paired {r['throughput']['paired_heads_over_removed']:.3f}); outputs differ by {r['max_abs_diff']:.1e}; load {r['load_before']}", flush=True)
    out = dict(command='python bench/attention_paths.py ' + ' '.join(sys.argv[1:] if argv is None else argv),
               torch=torch.__version__, timm=timm.__version__, cpu=cpu_name(), cpu_count=os.cpu_count(),
               malloc_env={k: v for k, v in os.environ.items() if k.startswith('MALLOC_')}, results=results)
    if args.out:
        with open(args.out, 'w') as f: json.dump(out, f, indent=1)
    return out


if __name__ == '__main__': main()
