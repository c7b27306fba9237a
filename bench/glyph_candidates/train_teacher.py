import torch, time, timm, sys, argparse
import torch.nn.functional as F
from tasks import *
p = argparse.ArgumentParser(); p.add_argument('--task'); p.add_argument('--steps', type=int, default=4000); p.add_argument('--threads', type=int, default=2)
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--eval_every', type=int, default=250); p.add_argument('--depth', type=int, default=12)
p.add_argument('--tag', default=''); p.add_argument('--patch', type=int, default=4); p.add_argument('--seed', type=int, default=0)
a = p.parse_args(); torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
compose, ncls = TASKS[a.task]
gv = torch.Generator().manual_seed(1); gt = torch.Generator().manual_seed(2); g = torch.Generator().manual_seed(a.seed)
xv, yv = compose(va, 1000, gv); xt, yt = compose(te, 2000, gt); mean, std = xv.mean(), xv.std()
m = timm.create_model('vit_tiny_patch16_224', img_size=16, patch_size=a.patch, in_chans=1, num_classes=ncls, depth=a.depth, drop_path_rate=0.1)
opt = torch.optim.AdamW(m.parameters(), lr=a.lr, weight_decay=0.05)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, a.lr, total_steps=a.steps, pct_start=0.25)
def ev(x, y):
    m.eval()
    with torch.no_grad(): out = torch.cat([m((x[i:i+256]-mean)/std) for i in range(0, len(x), 256)])
    m.train(); return (out.argmax(-1) == y).float().mean().item()
t0 = time.time()
for s in range(a.steps):
    x, y = compose(tr, 32, g)
    loss = F.cross_entropy(m((x-mean)/std), y, label_smoothing=0.1)
    opt.zero_grad(); loss.backward(); opt.step(); sch.step()
    if (s+1) % a.eval_every == 0: print(f"step {s+1} loss {loss.item():.3f} val {ev(xv,yv):.4f} test {ev(xt,yt):.4f} t {time.time()-t0:.0f}", flush=True)
torch.save(m.state_dict(), f'/work/exp/t_{a.task}_{a.steps}_d{a.depth}{a.tag}.pt')
