"""CPU or GPU speed of an exported (materialized) UVC model against its dense timm ViT.

For each model: random-init dense ViT, an `arch_for_ratio(model, --ratio, skip=--skip)` architecture (skipped
blocks, pruned heads, uneven value widths, pruned MLP units), `materialize`; check it against `mask_model` and the
MAC counter; then time dense and exported side by side (warm-up, then alternating rounds, medians) for throughput at
`--batch` and latency at batch 1, for each thread count in `--threads` and each of `--dtypes` (bf16, fp16: both
models under autocast). `--device cuda` times on a GPU (CUDA events, `uvc_nb.report.call_timer`) and checks the
exported model there against the masked one on CPU; `--align 8` times `align_widths(exported, 8)` (widths padded with
zeros for half-precision GPU kernels); `--compile` times both models through `torch.compile`.

    python bench/speed.py --models deit_tiny_patch16_224 deit_small_patch16_224 --threads 1 2 --reps 8 --lat-reps 30 --out bench/speed.json
    python bench/speed.py --device cuda --dtypes fp32 bf16 --batch 256 --reps 30 --lat-reps 100 --warmup 5 --out bench/speed-gpu.json
"""
import argparse, json, os, platform, statistics, sys
import torch, timm
from uvc_nb.export import arch_for_ratio, materialize, mask_model, align_widths
from uvc_nb.macs import count_macs
from uvc_nb.report import side_by_side, PRECISIONS
import uvc_nb.data, uvc_nb.glyphs  # register the reference tasks' models (deit_tiny_patch4_16_digits, ...)


def loadavg():
    try: return [round(x, 2) for x in os.getloadavg()]
    except OSError: return None


def cpu_name():
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'): return line.split(':', 1)[1].strip()
    except OSError: pass
    return platform.processor()


def summarise(td, ts, batch, ideal, unit):
    md, ms = statistics.median(td), statistics.median(ts)
    paired = statistics.median(d/s for d, s in zip(td, ts))
    r = dict(dense_s=td, exported_s=ts, dense_median_s=md, exported_median_s=ms,
             speedup=md/ms, paired_speedup=paired, efficiency=(md/ms)/ideal,
             min_speedup=min(td)/min(ts), min_efficiency=min(td)/min(ts)/ideal)
    if unit == 'img/s': r.update(dense_img_s=batch/md, exported_img_s=batch/ms)
    else: r.update(dense_ms=1e3*md, exported_ms=1e3*ms)
    return r


def run_model(name, args, threads):
    "Build and check `name`'s dense and exported models once, then time them in each of `args.dtypes`: one result each."
    torch.manual_seed(0)
    dense = timm.create_model(name, pretrained=False).eval()
    arch = arch_for_ratio(dense, args.ratio, skip=args.skip, seed=args.seed)
    small = materialize(dense, arch).eval()
    xs = torch.randn(2, arch.shapes.in_chans, *arch.shapes.img_size)
    with torch.inference_mode(): ref = mask_model(dense, arch)(xs); diff = (ref - small(xs)).abs().max().item()
    counted = count_macs(small)
    ratio = arch.macs_ratio()
    ideal = 1/ratio
    common = dict(threads=threads, arch=repr(arch), kept_heads=arch.kept_heads, kept_v=arch.kept_v,
                  kept_mlp=arch.kept_mlp, skipped=arch.skipped, arch_macs=arch.macs(), counted_macs=counted,
                  dense_macs=count_macs(dense), macs_ratio=ratio, ideal_speedup=ideal, max_abs_diff=diff,
                  dense_params=sum(p.numel() for p in dense.parameters()), exported_params=sum(p.numel() for p in small.parameters()))
    if args.align > 1:  # zero channels and units up to multiples of --align (half-precision GPU kernels want multiples of 8)
        small = align_widths(small, args.align)
        with torch.inference_mode(): common.update(aligned_max_abs_diff=(ref - small(xs)).abs().max().item(), aligned_macs=count_macs(small))
    common['align'] = args.align
    dense, small = dense.to(args.device), small.to(args.device)
    if args.device != 'cpu':  # the device's own attention path (RaggedAttention.attend_padded on a GPU) against the masked model on CPU
        with torch.inference_mode(): common['device_max_abs_diff'] = (small(xs.to(args.device)).cpu() - ref).abs().max().item()
    x = torch.randn(args.batch, arch.shapes.in_chans, *arch.shapes.img_size, device=args.device)
    x1 = torch.randn(1, arch.shapes.in_chans, *arch.shapes.img_size, device=args.device)
    if args.compile:  # both models through inductor (a graph per batch size and dtype, built in the warm-up); outputs checked against eager
        eager = small
        dense, small = torch.compile(dense, dynamic=False), torch.compile(small, dynamic=False)
        with torch.inference_mode(): common['compiled_max_abs_diff'] = (small(x1) - eager(x1)).abs().max().item()
    common['compiled'] = args.compile
    for dtype in args.dtypes:
        dt, res = PRECISIONS[dtype], dict(model=name, device=args.device, dtype=dtype, **common, load_before=loadavg())
        res['throughput'] = dict(batch=args.batch, **summarise(*side_by_side(dense, small, x, args.reps, args.warmup, dt), args.batch, ideal, 'img/s'))
        res['latency'] = dict(batch=1, **summarise(*side_by_side(dense, small, x1, args.lat_reps, max(2, args.warmup), dt), 1, ideal, 'ms'))
        res['load_after'] = loadavg()
        yield res


def markdown(results):
    rows = ["| model | device, dtype | threads | load | MACs ratio | ideal | throughput dense / exported (img/s, batch) | speedup | efficiency | (fastest rounds) | latency dense / exported (ms, batch 1) | speedup | efficiency | (fastest rounds) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        t, l = r['throughput'], r['latency']
        load = r['load_before'][0] if r['load_before'] else float('nan')
        how = (', compiled' if r.get('compiled') else '') + (f", aligned to {r['align']}" if r.get('align', 1) > 1 else '')
        rows.append(f"| {r['model']} | {r.get('device', 'cpu')}, {r.get('dtype', 'fp32')}{how} | {r['threads']} | {load:.1f} | {r['macs_ratio']:.3f} | {r['ideal_speedup']:.2f}x | "
                    f"{t['dense_img_s']:.1f} / {t['exported_img_s']:.1f} ({t['batch']}) | {t['speedup']:.2f}x | {t['efficiency']:.2f} | {t['min_speedup']:.2f}x, {t['min_efficiency']:.2f} | "
                    f"{l['dense_ms']:.1f} / {l['exported_ms']:.1f} | {l['speedup']:.2f}x | {l['efficiency']:.2f} | {l['min_speedup']:.2f}x, {l['min_efficiency']:.2f} |")
    return '\n'.join(rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--models', nargs='+', default=['deit_tiny_patch16_224', 'deit_small_patch16_224'])
    p.add_argument('--ratio', type=float, default=0.5, help='exact MACs ratio of the architecture')
    p.add_argument('--skip', type=int, default=2, help='blocks skipped')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--batch', type=int, default=32, help='batch size for throughput')
    p.add_argument('--reps', type=int, default=5, help='alternating rounds for throughput')
    p.add_argument('--lat-reps', type=int, default=20, help='alternating rounds for latency')
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--threads', type=int, nargs='+', default=[os.cpu_count()], help='torch thread counts (default: all cores)')
    p.add_argument('--device', default='cpu', help='cpu, or cuda (times with CUDA events)')
    p.add_argument('--dtypes', nargs='+', default=['fp32'], choices=list(PRECISIONS), help='bf16, fp16: both models under autocast')
    p.add_argument('--align', type=int, default=1, help='time `align_widths(exported, ALIGN)`: widths padded with zeros to multiples of ALIGN')
    p.add_argument('--compile', action='store_true', help='time both models through torch.compile (inductor); the exported one is checked against eager')
    p.add_argument('--out', default='bench/speed.json')
    args = p.parse_args(argv)
    if args.device.startswith('cuda') and not torch.cuda.is_available(): p.error(f'--device {args.device}: no CUDA device here')
    results = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        for r in (r for name in args.models for r in run_model(name, args, threads)):
            results.append(r)
            t, l = r['throughput'], r['latency']
            print(f"{r['model']} {r['device']} {r['dtype']}{' compiled' if r['compiled'] else ''}{' align ' + str(r['align']) if r['align'] > 1 else ''} threads={threads}: MACs {r['macs_ratio']:.3f} (ideal {r['ideal_speedup']:.2f}x) | "
                  f"throughput {t['dense_img_s']:.1f} -> {t['exported_img_s']:.1f} img/s, {t['speedup']:.2f}x (paired {t['paired_speedup']:.2f}x), eff {t['efficiency']:.2f} | "
                  f"latency {l['dense_ms']:.1f} -> {l['exported_ms']:.1f} ms, {l['speedup']:.2f}x, eff {l['efficiency']:.2f} | load {r['load_before']}", flush=True)
    out = dict(command='python ' + ' '.join([os.path.relpath(sys.argv[0]) if argv is None else 'bench/speed.py'] + (sys.argv[1:] if argv is None else list(argv))),
               torch=torch.__version__, timm=timm.__version__, cpu=cpu_name(), cpu_count=os.cpu_count(),
               gpu=torch.cuda.get_device_name(args.device) if args.device.startswith('cuda') else None, results=results)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f: json.dump(out, f, indent=1)
    print(markdown(results))
    return out


if __name__ == '__main__': main()
