"""The `hops` reference teacher trained with the pipeline's recipe and `bench/compare.py`'s own code path, from another
seed (the benchmark's teacher is seed 0), cached under $UVC_NB_CACHE like the benchmark's.

    UVC_NB_CACHE=/tmp/ts OMP_NUM_THREADS=1 python bench/glyph_candidates/hops_teacher_seed.py SEED 1

prints the cached weights' path; `bench/compare.py --task hops --checkpoint PATH ...` then calibrates it (see README.md)."""
import sys
import torch

seed, threads = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1
torch.set_num_threads(threads)
from uvc_nb.glyphs import HOPS_EPOCHS  # (and registers the hops task)
from uvc_nb.settings import RunSettings
from uvc_nb.pipeline import teacher_stage
from uvc_nb.teacher import teacher_cache_dir, teacher_key

s = RunSettings(data='hops', teacher_epochs=HOPS_EPOCHS, search_epochs=0, seed=seed)  # compare.reference_teacher's settings, the seed aside
path = teacher_cache_dir()/teacher_key(s)/'model.safetensors'
if not path.is_file():
    teacher = teacher_stage(s, progress=True)  # the pipeline caches it at `path`
    assert path.is_file(), path
print(path)
