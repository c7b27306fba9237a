"""The `hops` reference teacher trained with the pipeline's recipe and `bench/compare.py`'s own code path, but without
stochastic depth (drop_path_rate 0 instead of the recipe's 0.1), cached under $UVC_NB_CACHE like the benchmark's.

    UVC_NB_CACHE=/tmp/dp0 OMP_NUM_THREADS=2 python bench/glyph_candidates/hops_no_drop_path.py 2

prints the cached weights' path; `bench/compare.py --task hops --checkpoint PATH ...` then calibrates it (see README.md)."""
import argparse, sys
from pathlib import Path
import timm, torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
_create = timm.create_model
def create_model(*a, **kw):
    if 'drop_path_rate' in kw: kw['drop_path_rate'] = 0.0  # the one change: no stochastic depth in the teacher
    return _create(*a, **kw)
timm.create_model = create_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/
import compare
from uvc_nb.glyphs import HOPS_EPOCHS

args = argparse.Namespace(task='hops', data=None, model=None, checkpoint=None, teacher_epochs=HOPS_EPOCHS, teacher_seed=0, teacher_threads=threads)
print(compare.reference_teacher(args))
