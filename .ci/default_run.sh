#!/usr/bin/env bash
# The main job as a new user runs it: a clone of the repository, a fresh virtualenv, and the README's run command
# verbatim (`pip install -e . && uvc_compress --out runs/default`: the reference task, teacher trained from
# scratch, no cache), then checks its report and `uvc_macs runs/default --json`. Prints the wall time of the run.
# Usage: bash .ci/default_run.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d /tmp/uvc_default.XXXXXX)}
export PIP_DISABLE_PIP_VERSION_CHECK=1 MPLBACKEND=Agg PYTHONWARNINGS=ignore UVC_NB_CACHE="$work/cache"
run_cmd=$(grep -m1 -E '^pip install -e \. && uvc_compress' README.md) || { echo "README.md has no run command"; exit 1; }
echo "README run command: $run_cmd"
git clone -q . "$work/clone"
python3 -m venv "$work/venv"
source "$work/venv/bin/activate"
pip install -q --upgrade pip >/dev/null 2>&1
cd "$work/clone"
out="$work/clone/runs/default"
t0=$(date +%s)
eval "$run_cmd" > "$work/run.log" 2>&1 || { tail -30 "$work/run.log"; exit 1; }
tail -12 "$work/run.log"
secs=$(( $(date +%s) - t0 ))
uvc_macs "$out" --json > "$work/macs.json"
python - "$out/report.json" "$work/macs.json" "$secs" <<'PY'
import json, sys
rep, macs, secs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
for k in ('budget', 'teacher', 'student', 'macs_ratio', 'speedup', 'architecture', 'preset', 'seconds'): assert k in rep, k
for who in ('teacher', 'student'):
    for k in ('accuracy', 'macs', 'params'): assert k in rep[who], (who, k)
for k in ('throughput', 'latency'): assert k in rep['speedup'], k
assert rep['macs_ratio'] <= 0.52, rep['macs_ratio']
gap = 100*(rep['teacher']['accuracy'] - rep['student']['accuracy'])
assert gap <= 1.5, f"student {gap:.2f} points below the teacher"
assert macs['counted'] == rep['student']['macs'], (macs, rep['student']['macs'])
print(f"default run: {secs/60:.1f} min; teacher {rep['teacher']['accuracy']:.4f}, student {rep['student']['accuracy']:.4f}, "
      f"MACs ratio {rep['macs_ratio']:.3f}, speedup {rep['speedup']['throughput']:.2f}x / {rep['speedup']['latency']:.2f}x; "
      f"uvc_macs agrees ({macs['counted']} MACs)")
PY
