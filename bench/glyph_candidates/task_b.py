import torch, time, timm, sys, math, numpy as np, argparse
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=2000); p.add_argument('--threads', type=int, default=1)
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--bs', type=int, default=32)
p.add_argument('--eval_every', type=int, default=250); p.add_argument('--dist_lo', type=float, default=0.5)
p.add_argument('--dist_hi', type=float, default=0.8); p.add_argument('--shift', type=int, default=4)
p.add_argument('--noise', type=float, default=0.0); p.add_argument('--tag', default='')
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
d = load_digits(); X = torch.tensor(d.images, dtype=torch.float32)[:, None]/16.; Y = torch.tensor(d.target)
X = F.interpolate(X, size=(16, 16), mode='bilinear', align_corners=False)
idx = np.arange(len(Y))
tr, rest = train_test_split(idx, test_size=0.4, stratify=d.target, random_state=42)
va, te = train_test_split(rest, test_size=0.75, stratify=d.target[rest], random_state=42)
def compose(pool, n, g):
    fg = pool[torch.randint(len(pool), (n,), generator=g)]
    bg = pool[torch.randint(len(pool), (n,), generator=g)]
    same = Y[fg] == Y[bg]
    while same.any():  # distractor of another class
        bg[same] = pool[torch.randint(len(pool), (int(same.sum()),), generator=g)]; same = Y[fg] == Y[bg]
    inten = a.dist_lo + (a.dist_hi - a.dist_lo)*torch.rand(n, generator=g)
    dx = torch.randint(-a.shift, a.shift+1, (n,), generator=g); dy = torch.randint(-a.shift, a.shift+1, (n,), generator=g)
    dist = torch.stack([torch.roll(X[b], (int(y), int(x)), (1, 2)) for b, x, y in zip(bg.tolist(), dx, dy)])
    img = torch.maximum(X[fg], dist*inten.view(-1,1,1,1))
    if a.noise: img = img + a.noise*torch.randn(img.shape, generator=g)
    return img, Y[fg]
gv = torch.Generator().manual_seed(1); gt = torch.Generator().manual_seed(2); g = torch.Generator().manual_seed(0)
xv, yv = compose(torch.tensor(va), 1000, gv); xt, yt = compose(torch.tensor(te), 2000, gt)
mean, std = xv.mean(), xv.std()
m = timm.create_model('vit_tiny_patch16_224', img_size=16, patch_size=4, in_chans=1, num_classes=10, depth=12, drop_path_rate=0.1)
opt = torch.optim.AdamW(m.parameters(), lr=a.lr, weight_decay=0.05)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, a.lr, total_steps=a.steps, pct_start=0.25)
def ev(x, y):
    m.eval()
    with torch.no_grad(): out = torch.cat([m((x[i:i+256]-mean)/std) for i in range(0, len(x), 256)])
    m.train(); return (out.argmax(-1) == y).float().mean().item()
t0 = time.time(); trp = torch.tensor(tr)
for s in range(a.steps):
    x, y = compose(trp, a.bs, g)
    loss = F.cross_entropy(m((x-mean)/std), y, label_smoothing=0.1)
    opt.zero_grad(); loss.backward(); opt.step(); sch.step()
    if (s+1) % a.eval_every == 0: print(f"step {s+1} loss {loss.item():.3f} val {ev(xv,yv):.4f} test {ev(xt,yt):.4f} t {time.time()-t0:.0f}", flush=True)
torch.save(m.state_dict(), f'/work/exp/teacherB_{a.steps}{a.tag}.pt')
