"""The `hops` reference teacher trained with the pipeline's recipe and `bench/compare.py`'s own code path, but with
PyTorch's Adam moments (beta2 0.999, eps 1e-8, as `torch.optim.AdamW` and the candidates' `train_teacher.py` have)
in place of fastai's `Adam` defaults (sqr_mom 0.99, eps 1e-5), for a number of epochs (the recipe's: `HOPS_EPOCHS`),
from a seed; cached under $UVC_NB_CACHE like the benchmark's (the cache key does not know the optimizer: give it a
folder of its own).

    UVC_NB_CACHE=/tmp/adam OMP_NUM_THREADS=1 python bench/glyph_candidates/hops_teacher_adam.py SEED THREADS EPOCHS

trains it (refused if that folder already holds a teacher of these settings: it might be the recipe's) and prints the
cached weights' path; `... EPOCHS eval` then prints that teacher's val and test accuracy (the task's 1000 val and 3000
test images); `bench/compare.py --task hops --checkpoint PATH ...` would calibrate it (see README.md)."""
import argparse, sys
from functools import partial
from pathlib import Path
import torch

seed, threads, epochs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
evaluate = sys.argv[4:] == ['eval']
torch.set_num_threads(threads)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/
import compare
import uvc_nb.pipeline
from fastai.optimizer import Adam
from uvc_nb.data import teacher_learner

def torch_moments(dls, model, **kw):  # the one change: the teacher's optimizer moments
    learn = teacher_learner(dls, model, **kw)
    learn.opt_func = partial(Adam, sqr_mom=0.999, eps=1e-8)
    return learn
uvc_nb.pipeline.teacher_learner = torch_moments

args = argparse.Namespace(task='hops', data=None, model=None, checkpoint=None, teacher_epochs=epochs, teacher_seed=seed, teacher_threads=threads)
path = compare.reference_teacher_path(args)  # where reference_teacher keeps it (the process runs on `threads` threads)
if not evaluate:
    if path.is_file(): sys.exit(f"{path} exists: this script trains into a cache folder of its own (UVC_NB_CACHE)")
    print(compare.reference_teacher(args))
else:
    import timm, safetensors.torch
    from uvc_nb.glyphs import glyph_dls
    from uvc_nb.training import evaluate
    dls, t = glyph_dls('hop4', device='cpu'), timm.create_model('deit_tiny_patch8_16_hops')
    t.load_state_dict(safetensors.torch.load_file(path))
    for name, dl in (('val', dls.valid), ('test', dls.test)): print(f'{path}: {name} {100*evaluate(t, dl, name):.2f} %')
