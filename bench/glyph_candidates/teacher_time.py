"""Wall time of the hops teacher's recipe (the pipeline's own teacher stage, `--data hops`) for N epochs on 2 threads,
alone on the machine; an epoch of the one cycle costs the same whatever the cycle's length. Run (session 31, from the
repository root, with a throwaway cache): UVC_NB_CACHE=/tmp/tcache OMP_NUM_THREADS=2 python bench/glyph_candidates/teacher_time.py 16
printed:
    hops teacher, 16 epochs on 2 threads: 105.1 s, 6.57 s an epoch -> 160 epochs in 17.5 min
so 160 epochs would miss the benchmark issue's 15 minutes, and HOPS_EPOCHS is 128 (6.57 s x 128 = 14.0 min)."""
import sys, time, torch
torch.set_num_threads(2)
from uvc_nb.settings import RunSettings
from uvc_nb.pipeline import teacher_stage
n = int(sys.argv[1])
t0 = time.time(); teacher_stage(RunSettings(data='hops', teacher_epochs=n), progress=False); dt = time.time() - t0
print(f'hops teacher, {n} epochs on 2 threads: {dt:.1f} s, {dt/n:.2f} s an epoch -> 160 epochs in {160*dt/n/60:.1f} min', flush=True)
