"""How long `check_image_folder` takes on a folder of 20 000 small images (16 000 train, 2 000 val, 2 000 test), with
the cyclic garbage collector paused while it runs (as it is) and not (`check_image_folder.__wrapped__`), the two
alternated in one process with torch and timm imported, as in a run. The first call also reads the images to find
copies between splits (all files here are alike in size); later calls reuse that answer, as a run's second check does.

    OMP_NUM_THREADS=1 python bench/folder_check.py        # -> bench/folder_check.json
"""
import json, platform, statistics, sys, tempfile, time, warnings
from pathlib import Path
import numpy as np
from PIL import Image
import uvc_nb.data as D

def make_folder(root:Path, sizes=(('train', 16000), ('val', 2000), ('test', 2000)), classes:int=10):
    rng = np.random.default_rng(0)
    for s, n in sizes:
        for c in range(classes):
            d = root/s/f'c{c}'; d.mkdir(parents=True, exist_ok=True)
            for i in range(n//classes): Image.fromarray(rng.integers(0, 256, (16, 16), dtype=np.uint8)).save(d/f'{i}.png')
    return root

def timed(f, root)->float:
    t = time.perf_counter()
    with warnings.catch_warnings(): warnings.simplefilter('ignore'); f(root, ('train', 'val', 'test'))
    return time.perf_counter() - t

if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        root = make_folder(Path(tmp)/'images')
        first = timed(D.check_image_folder, root)  # reads the files alike in size
        paused, running = [], []
        for _ in range(8):
            paused.append(timed(D.check_image_folder, root)); running.append(timed(D.check_image_folder.__wrapped__, root))
    res = dict(images=20000, first_call_s=round(first, 3), gc_paused_s=[round(t, 3) for t in paused], gc_running_s=[round(t, 3) for t in running],
               median_paused_s=round(statistics.median(paused), 3), median_running_s=round(statistics.median(running), 3),
               saved_per_call_s=round(statistics.median(running) - statistics.median(paused), 3),
               machine=dict(python=platform.python_version(), cpus=__import__('os').cpu_count()),
               command='OMP_NUM_THREADS=1 python bench/folder_check.py')
    print(json.dumps(res, indent=1))
    (Path(__file__).parent/'folder_check.json').write_text(json.dumps(res, indent=1) + '\n')
