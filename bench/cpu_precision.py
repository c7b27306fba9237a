"""Seconds per training step of the digits teacher on a CPU in fp32, bf16 and fp16 autocast (forward and backward of
one batch), best of 3 rounds of 5 steps, one thread: the figure behind the pipeline's warning for precision='fp16'
on a CPU.

    OMP_NUM_THREADS=1 python bench/cpu_precision.py
"""
import time
import torch, timm
import torch.nn.functional as F
import uvc_nb.models  # registers the digits teacher
from uvc_nb.models import DIGITS_MODEL

def step_seconds(model, x, y, dtype, steps=5, rounds=3)->float:
    "Best of `rounds` mean seconds of a forward + backward under CPU autocast to `dtype` (None: fp32)."
    def step():
        with torch.autocast('cpu', dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            loss = F.cross_entropy(model(x), y)
        loss.backward()
    best = float('inf')
    for _ in range(rounds):
        step(); t = time.perf_counter()
        for _ in range(steps): step()
        best = min(best, (time.perf_counter() - t)/steps)
    return best

if __name__ == '__main__':
    torch.set_num_threads(1); torch.manual_seed(0)
    m = timm.create_model(DIGITS_MODEL)
    x, y = torch.randn(32, 1, 16, 16), torch.randint(0, 10, (32,))
    t = {name: step_seconds(m, x, y, dt) for name, dt in (('fp32', None), ('bf16', torch.bfloat16), ('fp16', torch.float16))}
    print(', '.join(f"{k} {v:.3f} s" for k, v in t.items()), f"| fp16 / fp32 = {t['fp16']/t['fp32']:.1f}x")
