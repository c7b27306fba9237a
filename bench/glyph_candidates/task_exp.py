import torch, time, timm, sys, math, numpy as np, argparse
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
p = argparse.ArgumentParser()
p.add_argument('--label', default='sum'); p.add_argument('--steps', type=int, default=3000)
p.add_argument('--threads', type=int, default=2); p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--bs', type=int, default=32); p.add_argument('--canvas', type=int, default=16)
p.add_argument('--glyphs', type=int, default=2); p.add_argument('--eval_every', type=int, default=250)
p.add_argument('--depth', type=int, default=12); p.add_argument('--dp', type=float, default=0.1)
p.add_argument('--ls', type=float, default=0.1); p.add_argument('--jitter', type=int, default=8); p.add_argument('--tag', default='')
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
d = load_digits(); X = torch.tensor(d.images, dtype=torch.float32)/16.; Y = torch.tensor(d.target)
idx = np.arange(len(Y))
tr, rest = train_test_split(idx, test_size=0.4, stratify=d.target, random_state=42)
va, te = train_test_split(rest, test_size=0.75, stratify=d.target[rest], random_state=42)
print(len(tr), len(va), len(te))
C = a.canvas; K = a.glyphs
ncls = dict(sum=9*K+1, mod=10, pair=10**K, max=10, eq=2)[a.label]
def label(ds):
    if a.label == 'sum': return ds.sum(1)
    if a.label == 'mod': return ds.sum(1) % 10
    if a.label == 'pair': return ds[:,0]*10 + ds[:,1]
    if a.label == 'max': return ds.max(1).values
    if a.label == 'eq': return (ds[:,0] == ds[:,1]).long()
def compose(pool, n, g):
    gi = pool[torch.randint(len(pool), (n, K), generator=g)]
    img = torch.zeros(n, 1, C, C)
    # positions: split canvas into K slots; for K=2: side by side or stacked, random offset
    orient = torch.randint(2, (n,), generator=g) if a.jitter == 8 else torch.zeros(n, dtype=torch.long)
    off = torch.randint(a.jitter+1, (n, K), generator=g) + (C-8-a.jitter)//2
    for i in range(n):
        for k in range(K):
            if K == 2:
                r, c = (off[i,k].item(), k*8) if orient[i] == 0 else (k*8, off[i,k].item())
            img[i, 0, r:r+8, c:c+8] = torch.maximum(img[i,0,r:r+8,c:c+8], X[gi[i,k]])
    return img, label(Y[gi])
gv = torch.Generator().manual_seed(1); gt = torch.Generator().manual_seed(2); g = torch.Generator().manual_seed(0)
xv, yv = compose(torch.tensor(va), 1000, gv); xt, yt = compose(torch.tensor(te), 2000, gt)
mean, std = xv.mean(), xv.std()
m = timm.create_model('vit_tiny_patch16_224', img_size=C, patch_size=4, in_chans=1, num_classes=ncls, depth=a.depth, drop_path_rate=a.dp)
opt = torch.optim.AdamW(m.parameters(), lr=a.lr, weight_decay=0.05)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, a.lr, total_steps=a.steps, pct_start=0.25)
def ev(x, y):
    m.eval(); 
    with torch.no_grad(): out = torch.cat([m((x[i:i+256]-mean)/std) for i in range(0, len(x), 256)])
    m.train(); return (out.argmax(-1) == y).float().mean().item()
t0 = time.time(); trp = torch.tensor(tr)
for s in range(a.steps):
    x, y = compose(trp, a.bs, g)
    loss = F.cross_entropy(m((x-mean)/std), y, label_smoothing=a.ls)
    opt.zero_grad(); loss.backward(); opt.step(); sch.step()
    if (s+1) % a.eval_every == 0: print(f"step {s+1} loss {loss.item():.3f} val {ev(xv,yv):.4f} test {ev(xt,yt):.4f} t {time.time()-t0:.0f}", flush=True)
torch.save(m.state_dict(), f'/work/exp/teacher_{a.label}_{a.glyphs}_{a.steps}_{a.jitter}{a.tag}.pt')
