"""The `hops` reference teacher trained with the pipeline's recipe and `bench/compare.py`'s own code path
(`compare.reference_teacher`), from a seed, on a number of threads, cached under $UVC_NB_CACHE like the benchmark's
(`bench/compare.py --teacher-seed SEED --teacher-threads THREADS` trains the same teacher; the hops benchmark's: 3 2).

    UVC_NB_CACHE=/tmp/ts OMP_NUM_THREADS=1 python bench/glyph_candidates/hops_teacher_seed.py SEED 1

prints the cached weights' path; `bench/compare.py --task hops --checkpoint PATH ...` then calibrates it (see README.md)."""
import argparse, sys
from pathlib import Path
import torch

seed, threads = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1
torch.set_num_threads(threads)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/
import compare
from uvc_nb.glyphs import HOPS_EPOCHS

args = argparse.Namespace(task='hops', data=None, model=None, checkpoint=None, teacher_epochs=HOPS_EPOCHS, teacher_seed=seed, teacher_threads=threads)
print(compare.reference_teacher(args))  # as `compare.py --task hops --teacher-seed SEED --teacher-threads THREADS` trains it
