"""`calibrate.py`'s fine-tuning loop (plain PyTorch: AdamW, OneCycleLR, 700 steps of 32, cross entropy + soft KD alpha 0.5,
gradient clip 1; test accuracy at the best val step, every 50 steps) run from a teacher of the pipeline's `hops` task,
on the pipeline's own data (`glyph_dls('hop4')`: its glyph split, its val and test images): the top 4 blocks dropped
(`drop4`) or uniform width 0.5 (`uniform`). It tells the fine-tuning loop apart from the teacher as the reason the
candidates' teachers lost more to depth than the pipeline's (README.md, session 38).

    OMP_NUM_THREADS=1 python bench/glyph_candidates/calibrate_pipeline_teacher.py --teacher model.safetensors --which drop4 --seed 0
"""
import torch, timm, copy, json, argparse
import torch.nn.functional as F
from safetensors.torch import load_file
import uvc_nb.glyphs as G
from uvc_nb.baselines import uniform_magnitude_arch, drop_top_arch
from uvc_nb.export import materialize
from uvc_nb.training import evaluate as ev  # top-1 accuracy on a loader, in eval mode
p = argparse.ArgumentParser(); p.add_argument('--teacher'); p.add_argument('--which', default='drop4', choices=['drop4', 'uniform']); p.add_argument('--seed', type=int, default=0)
p.add_argument('--steps', type=int, default=700); p.add_argument('--lr', type=float, default=5e-4)
a = p.parse_args(); torch.set_num_threads(1); torch.manual_seed(a.seed)
dls = G.glyph_dls('hop4', seed=a.seed, device='cpu')
t = timm.create_model('deit_tiny_patch8_16_hops'); t.load_state_dict(load_file(a.teacher)); t.eval()
arch = drop_top_arch(t, 0.7) if a.which == 'drop4' else uniform_magnitude_arch(t, 0.5)
s = materialize(copy.deepcopy(t), arch)
print('teacher val %.4f test %.4f; student start val %.4f test %.4f' % (ev(t, dls.valid), ev(t, dls.test), ev(s, dls.valid), ev(s, dls.test)), flush=True)
opt = torch.optim.AdamW(s.parameters(), lr=a.lr, weight_decay=0.05)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, a.lr, total_steps=a.steps, pct_start=0.25)
best = (0, None)
i = 0; s.train()
while i < a.steps:
    for x, y in dls.train:
        out = s(x)
        with torch.no_grad(): to = t(x)
        loss = 0.5*F.cross_entropy(out, y) + 0.5*F.kl_div(F.log_softmax(out, -1), F.log_softmax(to, -1), reduction='batchmean', log_target=True)
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(s.parameters(), 1.0); opt.step(); sch.step(); i += 1
        if i % 50 == 0:
            v = ev(s, dls.valid)
            if v > best[0]: best = (v, ev(s, dls.test))
            s.train(); print(f'step {i} val {v:.4f} best-val test {best[1]:.4f}', flush=True)
        if i >= a.steps: break
print('RESULT', json.dumps(dict(which=a.which, seed=a.seed, teacher_test=ev(t, dls.test), best_val=best[0], test=best[1])))
