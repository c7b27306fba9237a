"""The ImageFolder path against the digits recipe, on the same images: does a teacher trained from files reach
what the in-memory recipe reaches, at a comparable speed?

sklearn's digits, split as the recipe splits them (`digits_split`), are written as 8x8 grayscale PNGs into
train/ and val/ class folders; the reference teacher (`DIGITS_MODEL`, 16 px) is then trained with the recipe's
learner (`teacher_learner`: AdamW, label smoothing, drop path 0.1, one cycle) for the same epochs on
  - recipe: `digits_dls` (in-memory tensors, `DigitsAffine` augmentation),
  - folder, light: `folder_dls` with the default for small images (light crops, no flip, decoded once),
  - folder, timm: `folder_dls(aug='timm', cache=False)` (ImageNet's policy, PIL decoding every epoch: the old default).
Validation accuracy at the end and wall seconds per epoch, one process, side by side.

    python bench/folder_recipe.py --epochs 12 --threads 1 --out bench/folder_recipe.json
"""
import argparse, json, os, sys, tempfile, time
from pathlib import Path
import numpy as np, torch, timm
from PIL import Image
from fastai.torch_core import set_seed
from uvc_nb.data import digits_split, digits_dls, folder_dls, teacher_learner, DIGITS_MODEL
from uvc_nb.checkpoint import seed_loader

def write_folder(root:Path)->Path:
    x, y, tr, va = digits_split()
    for split, idx in (('train', tr), ('val', va)):
        for i in idx:
            d = root/split/str(int(y[i])); d.mkdir(parents=True, exist_ok=True)
            Image.fromarray((np.asarray(x[i]).reshape(8, 8)*255).round().astype(np.uint8), mode="L").save(d/f'{i}.png')
    return root

def train(dls, epochs, seed=0):
    set_seed(seed, reproducible=True); seed_loader(dls, seed)
    model = timm.create_model(DIGITS_MODEL, drop_path_rate=0.1)
    learn = teacher_learner(dls, model)
    t0 = time.perf_counter()
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(epochs, pct_start=0.25)
        s = (time.perf_counter() - t0)/epochs
        return dict(accuracy=float(learn.validate()[1]), s_per_epoch=s)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--out', default='bench/folder_recipe.json')
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    root = write_folder(Path(tempfile.mkdtemp())/'digits')
    rows = {}
    t0 = time.perf_counter(); fl = folder_dls(root, DIGITS_MODEL, bs=32, workers=0, seed=0); t_setup = time.perf_counter() - t0
    for name, make in (('recipe', lambda: digits_dls(img_size=16, bs=32, seed=0)),
                       ('folder, light (default)', lambda: fl),
                       ('folder, timm (old default)', lambda: folder_dls(root, DIGITS_MODEL, bs=32, workers=0, seed=0, aug='timm', cache=False))):
        rows[name] = train(make(), a.epochs); print(name, rows[name], flush=True)
    res = dict(epochs=a.epochs, threads=a.threads, images=dict(train=sum(1 for _ in (root/'train').rglob('*.png')), val=sum(1 for _ in (root/'val').rglob('*.png'))),
               folder_setup_s=t_setup, rows=rows, command='python bench/folder_recipe.py ' + ' '.join(sys.argv[1:] if argv is None else argv),
               load=os.getloadavg()[0], torch=torch.__version__)
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))

if __name__ == '__main__': main()
