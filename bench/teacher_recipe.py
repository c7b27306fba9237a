"""The digits teacher's recipe, measured: `train_reference_teacher` for three seeds, and one setting changed at a
time (batch size, peak learning rate, augmentation), with the held-out accuracy after every epoch.

Each variant trains the reference teacher (`DIGITS_MODEL`, 16 px) from scratch for the recipe's 30 epochs and
records the held-out (val) accuracy of each epoch, the last one, and the wall seconds. Rows are added to `--out`
as they finish (a variant already there is skipped), so the grid can be run in pieces:

    OMP_NUM_THREADS=1 python bench/teacher_recipe.py --threads 1 --out bench/teacher_recipe.json
    OMP_NUM_THREADS=1 python bench/teacher_recipe.py --threads 1 --only seed1 seed2

09_data's recipe section renders the table from the JSON.
"""
import argparse, json, os, sys, time
from pathlib import Path
import torch
from fastai.callback.core import Callback
from uvc_nb.data import train_reference_teacher, DigitsAffine

VARIANTS = {  # name: (what changes, train_reference_teacher's arguments)
    'seed0': ('the recipe, seed 0', dict(seed=0)),
    'seed1': ('the recipe, seed 1', dict(seed=1)),
    'seed2': ('the recipe, seed 2', dict(seed=2)),
    'bs64': ('batch 64 (half the steps)', dict(seed=0, bs=64)),
    'lr2e-3': ('peak learning rate 2e-3', dict(seed=0, lr=2e-3)),
    'no-aug': ('no augmentation', dict(seed=0, aug=False)),
    'strong-aug': ('augmentation twice as strong (10 degrees, 10 %, 2 px)', dict(seed=0, aug=lambda: DigitsAffine(rotate=10, scale=0.1, shift=0.125, seed=0))),
}

class EpochAccuracy(Callback):
    "The held-out accuracy after each epoch (the Recorder's metric, its last value) and the seconds since the fit began."
    order = 60  # after the Recorder (50) has the epoch's values
    def before_fit(self): self.accs, self.t0, self.times = [], time.perf_counter(), []
    def after_epoch(self):
        self.accs.append(round(float(self.learn.recorder.values[-1][-1]), 4)); self.times.append(round(time.perf_counter() - self.t0, 1))

def run(name:str)->dict:
    what, kw = VARIANTS[name]
    kw = {k: v() if callable(v) else v for k, v in kw.items()}
    rec = EpochAccuracy()
    t0 = time.perf_counter(); learn = train_reference_teacher(**kw, cbs=rec); wall = time.perf_counter() - t0
    with learn.no_bar(), learn.no_logging(): acc = float(learn.validate()[1])
    n = len(learn.dls.valid.dataset)
    return dict(what=what, settings={k: (repr(v) if not isinstance(v, (int, float, bool)) else v) for k, v in kw.items()},
                accuracy=round(acc, 4), correct=round(acc*n), n_valid=n, epoch_accuracy=rec.accs, epoch_seconds=rec.times,
                wall_s=round(wall, 1), load=round(os.getloadavg()[0], 2))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--only', nargs='*', choices=list(VARIANTS), help='these variants (default: all)')
    p.add_argument('--out', default='bench/teacher_recipe.json')
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    out = Path(a.out)
    res = json.loads(out.read_text()) if out.exists() else dict(rows={}, commands=[])
    res.update(threads=a.threads, torch=torch.__version__)
    res['commands'].append('OMP_NUM_THREADS=1 python bench/teacher_recipe.py ' + ' '.join(sys.argv[1:] if argv is None else argv))
    for name in a.only or VARIANTS:
        if name in res['rows']: continue
        res['rows'][name] = run(name); print(name, {k: v for k, v in res['rows'][name].items() if k != 'epoch_accuracy'}, flush=True)
        out.write_text(json.dumps(res, indent=1))
    out.write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
