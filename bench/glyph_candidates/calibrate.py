import torch, time, timm, copy, sys, argparse, json
import torch.nn.functional as F
from tasks import *
from uvc_nb.baselines import uniform_magnitude_arch, drop_top_arch
from uvc_nb.export import materialize
p = argparse.ArgumentParser(); p.add_argument('--task'); p.add_argument('--teacher'); p.add_argument('--which', default='drop4')
p.add_argument('--steps', type=int, default=700); p.add_argument('--lr', type=float, default=5e-4); p.add_argument('--seed', type=int, default=0); p.add_argument('--patch', type=int, default=4)
a = p.parse_args(); torch.set_num_threads(1); torch.manual_seed(a.seed)
compose, ncls = TASKS[a.task]
gv = torch.Generator().manual_seed(1); gt = torch.Generator().manual_seed(2); g = torch.Generator().manual_seed(100 + a.seed)
xv, yv = compose(va, 1000, gv); xt, yt = compose(te, 2000, gt)
mean, std = xv.mean(), xv.std()
t = timm.create_model('vit_tiny_patch16_224', img_size=16, patch_size=a.patch, in_chans=1, num_classes=ncls, depth=12)
t.load_state_dict(torch.load(a.teacher)); t.eval()
for b in t.blocks: b.drop_path1 = b.drop_path2 = torch.nn.Identity()
t.pretrained_cfg = dict(t.pretrained_cfg, architecture='vit_tiny_patch16_224')
def ev(m, x, y):
    m.eval()
    with torch.no_grad(): out = torch.cat([m((x[i:i+256]-mean)/std) for i in range(0, len(x), 256)])
    return (out.argmax(-1) == y).float().mean().item()
if a.which == 'drop4':
    arch = drop_top_arch(t, 0.7)
elif a.which == 'drop8':
    arch = drop_top_arch(t, 0.35)
elif a.which == 'drop6':
    arch = drop_top_arch(t, 0.5)
elif a.which == 'uniform':
    arch = uniform_magnitude_arch(t, 0.5)
else: arch = None
s = materialize(copy.deepcopy(t), arch) if arch is not None else copy.deepcopy(t)
print(a.which, 'arch macs', arch.macs_ratio() if arch else 1.0, 'blocks', arch.n_blocks if arch else 12, flush=True)
print('teacher val %.4f test %.4f; student at start val %.4f test %.4f' % (ev(t, xv, yv), ev(t, xt, yt), ev(s, xv, yv), ev(s, xt, yt)), flush=True)
s.train()
opt = torch.optim.AdamW(s.parameters(), lr=a.lr, weight_decay=0.05)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, a.lr, total_steps=a.steps, pct_start=0.25)
best = (0, None); t0 = time.time()
for i in range(a.steps):
    x, y = compose(tr, 32, g); x = (x - mean)/std
    out = s(x)
    with torch.no_grad(): to = t(x)
    loss = 0.5*F.cross_entropy(out, y) + 0.5*F.kl_div(F.log_softmax(out, -1), F.log_softmax(to, -1), reduction='batchmean', log_target=True)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(s.parameters(), 1.0); opt.step(); sch.step(); s.train()
    if (i+1) % 50 == 0:
        v = ev(s, xv, yv)
        if v > best[0]: best = (v, ev(s, xt, yt))
        s.train()
        print(f'step {i+1} val {v:.4f} best-val test {best[1]:.4f} t {time.time()-t0:.0f}', flush=True)
print('RESULT', json.dumps(dict(task=a.task, which=a.which, seed=a.seed, teacher_test=ev(t, xt, yt), best_val=best[0], test=best[1])))
