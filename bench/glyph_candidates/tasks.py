import torch, numpy as np, torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
d = load_digits(); X8 = torch.tensor(d.images, dtype=torch.float32)[:, None]/16.; Y = torch.tensor(d.target)
X16 = F.interpolate(X8, size=(16, 16), mode='bilinear', align_corners=False)
idx = np.arange(len(Y))
tr, rest = train_test_split(idx, test_size=0.4, stratify=d.target, random_state=42)
va, te = train_test_split(rest, test_size=0.75, stratify=d.target[rest], random_state=42)
tr, va, te = map(torch.tensor, (tr, va, te))
def pair(pool, n, g):
    gi = pool[torch.randint(len(pool), (n, 2), generator=g)]
    img = torch.zeros(n, 1, 16, 16); img[:, :, 4:12, 0:8] = X8[gi[:, 0]]; img[:, :, 4:12, 8:16] = X8[gi[:, 1]]
    return img, Y[gi[:, 0]]*10 + Y[gi[:, 1]]
def distract(pool, n, g, lo=0.5, hi=0.8, shift=4):
    fg = pool[torch.randint(len(pool), (n,), generator=g)]; bg = pool[torch.randint(len(pool), (n,), generator=g)]
    same = Y[fg] == Y[bg]
    while same.any(): bg[same] = pool[torch.randint(len(pool), (int(same.sum()),), generator=g)]; same = Y[fg] == Y[bg]
    inten = lo + (hi - lo)*torch.rand(n, generator=g)
    dx = torch.randint(-shift, shift+1, (n,), generator=g); dy = torch.randint(-shift, shift+1, (n,), generator=g)
    dist = torch.stack([torch.roll(X16[b], (int(y), int(x)), (1, 2)) for b, x, y in zip(bg.tolist(), dx, dy)])
    return torch.maximum(X16[fg], dist*inten.view(-1, 1, 1, 1)), Y[fg]
TASKS = dict(pair=(pair, 100), distract=(distract, 10))

def rule_pair(rule):
    def f(pool, n, g):
        gi = pool[torch.randint(len(pool), (n, 2), generator=g)]
        img = torch.zeros(n, 1, 16, 16); img[:, :, 4:12, 0:8] = X8[gi[:, 0]]; img[:, :, 4:12, 8:16] = X8[gi[:, 1]]
        a, b = Y[gi[:, 0]], Y[gi[:, 1]]
        return img, dict(max=torch.maximum(a, b), sum=a + b)[rule]
    return f
TASKS['max'] = (rule_pair('max'), 10); TASKS['sum'] = (rule_pair('sum'), 19)

def pointer(pool, n, g):
    "2x2 grid of glyphs: the top-left digit p points to slot 1 + p % 3 (top-right, bottom-left, bottom-right); label = the digit there."
    gi = pool[torch.randint(len(pool), (n, 4), generator=g)]
    img = torch.zeros(n, 1, 16, 16)
    for k, (r, c) in enumerate(((0, 0), (0, 8), (8, 0), (8, 8))): img[:, :, r:r+8, c:c+8] = X8[gi[:, k]]
    d = Y[gi]
    return img, d.gather(1, (1 + d[:, 0] % 3).unsqueeze(1)).squeeze(1)
TASKS['pointer'] = (pointer, 10)

def _warp(glyphs, g, rot, scale, shift):
    "Each 8x8 glyph under its own random affine map: rotation +-rot degrees, scale in `scale`, shift +-shift pixels."
    n = len(glyphs)
    a = (torch.rand(n, generator=g)*2 - 1)*rot*torch.pi/180
    s = scale[0] + (scale[1] - scale[0])*torch.rand(n, generator=g)
    t = (torch.rand(n, 2, generator=g)*2 - 1)*shift*2/8
    c, si = torch.cos(a)/s, torch.sin(a)/s
    theta = torch.stack([torch.stack([c, -si, t[:, 0]], 1), torch.stack([si, c, t[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, (n, 1, 8, 8), align_corners=False)
    return F.grid_sample(glyphs, grid, mode='bilinear', padding_mode='zeros', align_corners=False)

def warped_pair(rot=25., scale=(0.8, 1.1), shift=1.):
    def f(pool, n, g):
        gi = pool[torch.randint(len(pool), (n, 2), generator=g)]
        w = _warp(X8[gi.flatten()], g, rot, scale, shift).view(n, 2, 1, 8, 8)
        img = torch.zeros(n, 1, 16, 16); img[:, :, 4:12, 0:8] = w[:, 0]; img[:, :, 4:12, 8:16] = w[:, 1]
        return img, Y[gi[:, 0]]*10 + Y[gi[:, 1]]
    return f
TASKS['wpair'] = (warped_pair(), 100)
TASKS['wpair_mild'] = (warped_pair(10., (0.9, 1.05), 0.5), 100)

# Added later (session 28), for the GPU exploration (gpu_explore.py): multi-hop routing on the 2x2 grid, so that the
# label needs recognition, then a route that depends on what was read, then another.
SLOTS = ((0, 0), (0, 8), (8, 0), (8, 8))
def grid4(pool, n, g):
    gi = pool[torch.randint(len(pool), (n, 4), generator=g)]
    img = torch.zeros(n, 1, 16, 16)
    for k, (r, c) in enumerate(SLOTS): img[:, :, r:r+8, c:c+8] = X8[gi[:, k]]
    return img, Y[gi]

def hops(k):
    "2x2 grid: start at slot 0; the digit d at the current slot s moves to slot (s + 1 + d % 3) % 4 (never s itself); label = the digit reached after k moves."
    def f(pool, n, g):
        img, d = grid4(pool, n, g)
        s = torch.zeros(n, dtype=torch.long)
        for _ in range(k): s = (s + 1 + d.gather(1, s[:, None]).squeeze(1) % 3) % 4
        return img, d.gather(1, s[:, None]).squeeze(1)
    return f
for _k in (1, 2, 3, 4, 5): TASKS[f'hop{_k}'] = (hops(_k), 10)

def mod4(pool, n, g):
    "2x2 grid: the sum of the four digits modulo 10."
    img, d = grid4(pool, n, g); return img, d.sum(1) % 10
def second(pool, n, g):
    "2x2 grid: the second largest of the four digits (ties counted)."
    img, d = grid4(pool, n, g); return img, d.sort(1).values[:, 2]
TASKS['mod4'] = (mod4, 10); TASKS['second'] = (second, 10)

# A fixed arbitrary relation (session 28): the label is a fixed random function of the digits, drawn once (seed 3), so
# that the task holds many facts (100 or 1000 table entries) for the blocks to store: capacity, not steps of reasoning.
TABLE = torch.randint(10, (10, 10, 10), generator=torch.Generator().manual_seed(3))
def table2(pool, n, g):
    "Two glyphs side by side (the pair layout): label = TABLE[a, b, 0]."
    img, y = pair(pool, n, g); return img, TABLE[y // 10, y % 10, 0]
def table3(pool, n, g):
    "Three glyphs in slots 0-2 of the 2x2 grid (slot 3 blank): label = TABLE[a, b, c]."
    img, d = grid4(pool, n, g); img[:, :, 8:, 8:] = 0; return img, TABLE[d[:, 0], d[:, 1], d[:, 2]]
TASKS['table2'] = (table2, 10); TASKS['table3'] = (table3, 10)

# Session 30: two glyphs superimposed (pixelwise max of their 16x16 upscalings, aligned), labelled by the unordered
# pair of digits (55 classes): reading both digits out of one tangle of strokes, an explaining-away computation
# (MultiMNIST-like), rather than a relation between glyphs that sit apart.
PAIR55 = {(a, b): i for i, (a, b) in enumerate((a, b) for a in range(10) for b in range(a, 10))}
_P55 = torch.tensor([[PAIR55[min(a, b), max(a, b)] for b in range(10)] for a in range(10)])
def overlay(pool, n, g):
    gi = pool[torch.randint(len(pool), (n, 2), generator=g)]
    img = torch.maximum(X16[gi[:, 0]], X16[gi[:, 1]]).clamp(0, 1)
    return img, _P55[Y[gi[:, 0]], Y[gi[:, 1]]]
TASKS['overlay'] = (overlay, 55)
