"""An exploration, not a method change: does the gates' Adam momentum drive the collapse of a short search?

`uvc-default` at 0.35 on hops with a 3-epoch search and 9 post-training epochs broke down once in nine runs (teacher s1,
seed 2; `hops-search3-collapse.json`): after a price spike every gate kept moving towards skip for a dozen steps while
the price was near zero. This script runs `bench/compare.py` in-process with one change to the solver: the gates'
Adam first-moment factor `beta1` (0.9 in uvc_nb) set to the value given, so that a spike is not carried forward.
(Now a setting, `UVCConfig.gate_beta1`, and with 0 the variant `uvc-gate-no-momentum`: use that.)
Its rows go to their own work folder and are not benchmark rows (they say `uvc-default`, and their `code` stamp is the
checkout's, but the solver was patched): the results file gets a `solver_patch` entry, and its commands name this script.

Usage (from the repository root):
  OMP_NUM_THREADS=1 UVC_NB_CACHE=DIR python bench/glyph_candidates/gate_momentum.py BETA1 WORK [compare.py arguments, with --out OUT]
  python bench/glyph_candidates/gate_momentum.py --mark OUT BETA1   (mark a results file written by an earlier version of this script)
"""
import json, sys
from pathlib import Path

def mark(out, beta1):
    "Say in the results file `out` that its solver was patched, and name this script in its commands."
    res = json.loads(Path(out).read_text())
    res['solver_patch'] = f"the gates' Adam beta1 = {beta1} (uvc_nb: 0.9), by bench/glyph_candidates/gate_momentum.py"
    def ours(c):  # compare.py's record ends with the --work this script added
        args, work = c.split(' --work ')[0], c.split(' --work ')[-1]
        return args.replace('python bench/compare.py ', f'python bench/glyph_candidates/gate_momentum.py {beta1} {work} ', 1)
    res['commands'] = [ours(c) for c in res['commands']]
    Path(out).write_text(json.dumps(res, indent=1))

def patch(beta1):
    "Make the `default` preset's gates step with Adam's first-moment factor `beta1`."
    # Session 36 edited the source of UVCSolver._step_gates, where 0.9 was written; since then it is the setting
    # UVCConfig.gate_beta1, and the variant uvc-gate-no-momentum of uvc_nb.baselines gives the same rows as this script with 0
    # (every one of its files' cells, rerun so: hops-teacher-s*.json, hops-search3-s*.json). The preset is patched instead.
    import uvc_nb.solver as solver
    solver.presets['default'] = {**solver.presets['default'], 'gate_beta1': beta1}
    assert solver.UVCConfig.preset('default').gate_beta1 == beta1

if __name__ == '__main__':
    if sys.argv[1] == '--mark': mark(sys.argv[2], float(sys.argv[3])); sys.exit()
    beta1, work, rest = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    patch(beta1)
    sys.path.insert(0, str(Path(__file__).parents[1]))
    import compare
    compare.main([*rest, '--work', work])
    out = rest[rest.index('--out') + 1] if '--out' in rest else None
    if out: mark(out, beta1)
