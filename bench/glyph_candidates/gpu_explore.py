"""One candidate of the GPU exploration (session 28): train its 12-block teacher with the teacher recipe, then compress
it three ways and fine-tune each for 700 steps with the calibration recipe of calibrate.py (drop the top 4 / top 6
blocks, uniform magnitude pruning to 0.5 of the MACs). Same steps, batch, recipes and splits as the CPU runs of this
folder; only the device differs. Prints one `RESULT {json}` line per stage, so a run cut short keeps what it did.
    python gpu_explore.py --task hop2 --steps 3072 [--dp 0.1] [--seed 0] [--device cuda]"""
import torch, time, timm, copy, argparse, json
import torch.nn.functional as F
from tasks import *
from uvc_nb.baselines import uniform_magnitude_arch, drop_top_arch
from uvc_nb.export import materialize
p = argparse.ArgumentParser(); p.add_argument('--task'); p.add_argument('--steps', type=int, default=3072)
p.add_argument('--dp', type=float, default=0.1); p.add_argument('--seed', type=int, default=0); p.add_argument('--device', default='cuda')
p.add_argument('--ft_steps', type=int, default=700); p.add_argument('--which', nargs='+', default=['drop4', 'uniform', 'drop6'])
p.add_argument('--name', default=None)
a = p.parse_args(); torch.set_num_threads(1); torch.manual_seed(a.seed); dev = a.device
name = a.name or f'{a.task}_s{a.steps}_dp{a.dp}_seed{a.seed}'
compose, ncls = TASKS[a.task]
gv = torch.Generator().manual_seed(1); gt = torch.Generator().manual_seed(2); g = torch.Generator().manual_seed(a.seed)
xv, yv = compose(va, 1000, gv); xt, yt = compose(te, 2000, gt); mean, std = xv.mean(), xv.std()
xv, yv, xt, yt = [o.to(dev) for o in (xv, yv, xt, yt)]
def ev(m, x, y):
    was = m.training; m.eval()
    with torch.no_grad(): out = torch.cat([m((x[i:i+500]-mean)/std) for i in range(0, len(x), 500)])
    m.train(was); return (out.argmax(-1) == y).float().mean().item()
def result(**k): print('RESULT', json.dumps(dict(name=name, task=a.task, teacher_steps=a.steps, dp=a.dp, seed=a.seed, **k)), flush=True)
m = timm.create_model('vit_tiny_patch16_224', img_size=16, patch_size=4, in_chans=1, num_classes=ncls, drop_path_rate=a.dp).to(dev)
opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.05, fused=dev.startswith('cuda'))
sch = torch.optim.lr_scheduler.OneCycleLR(opt, 1e-3, total_steps=a.steps, pct_start=0.25)
t0 = time.time()
for s in range(a.steps):
    x, y = compose(tr, 32, g); x, y = x.to(dev), y.to(dev)
    loss = F.cross_entropy(m((x-mean)/std), y, label_smoothing=0.1)
    opt.zero_grad(); loss.backward(); opt.step(); sch.step()
    if (s+1) % 512 == 0: print(f'teacher step {s+1} loss {loss.item():.3f} val {ev(m, xv, yv):.4f} test {ev(m, xt, yt):.4f} t {time.time()-t0:.0f}', flush=True)
t = m.eval()
for b in t.blocks: b.drop_path1 = b.drop_path2 = torch.nn.Identity()
t.pretrained_cfg = dict(t.pretrained_cfg, architecture='vit_tiny_patch16_224')
tv, tt = ev(t, xv, yv), ev(t, xt, yt)
result(stage='teacher', val=tv, test=tt, seconds=time.time()-t0)
archs = dict(drop4=lambda: drop_top_arch(t.cpu(), 0.7), drop6=lambda: drop_top_arch(t.cpu(), 0.5),
             drop8=lambda: drop_top_arch(t.cpu(), 0.35), uniform=lambda: uniform_magnitude_arch(t.cpu(), 0.5))
for which in a.which:
    arch = archs[which](); t.to(dev)
    st = materialize(copy.deepcopy(t).cpu(), arch).to(dev)
    start = ev(st, xt, yt)
    gs = torch.Generator().manual_seed(100 + a.seed); torch.manual_seed(a.seed)
    st.train(); o2 = torch.optim.AdamW(st.parameters(), lr=5e-4, weight_decay=0.05, fused=dev.startswith('cuda'))
    s2 = torch.optim.lr_scheduler.OneCycleLR(o2, 5e-4, total_steps=a.ft_steps, pct_start=0.25)
    best = (-1, None); t1 = time.time()
    for i in range(a.ft_steps):
        x, y = compose(tr, 32, gs); x, y = ((x - mean)/std).to(dev), y.to(dev)
        out = st(x)
        with torch.no_grad(): to = t(x)
        loss = 0.5*F.cross_entropy(out, y) + 0.5*F.kl_div(F.log_softmax(out, -1), F.log_softmax(to, -1), reduction='batchmean', log_target=True)
        o2.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(st.parameters(), 1.0); o2.step(); s2.step()
        if (i+1) % 50 == 0:
            v = ev(st, xv, yv)
            if v > best[0]: best = (v, ev(st, xt, yt))
    result(stage=which, macs_ratio=arch.macs_ratio(), blocks=arch.n_blocks, start_test=start, best_val=best[0], test=best[1],
           loss_vs_teacher=tt - best[1], seconds=time.time()-t1)
