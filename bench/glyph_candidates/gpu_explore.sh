# The GPU exploration of session 28: every candidate of CANDIDATES in its own process, all at once on one GPU, each
# with 1 CPU thread; logs and RESULT lines in $OUT/<name>.log. Run from the repository root:
#   [ROUND=2] OUT=/tmp/explore bash bench/glyph_candidates/gpu_explore.sh
set -o pipefail
OUT=${OUT:-/tmp/explore}; mkdir -p $OUT
if [ -d .whl ]; then python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1; export PYTHONPATH=/tmp/site:$PWD; fi
export PYTHONPATH=${PYTHONPATH:-$PWD} PYTHONUNBUFFERED=1 PYTHONWARNINGS=ignore OMP_NUM_THREADS=1
cd bench/glyph_candidates
ROUND1=(  # relational and multi-hop candidates
  "--task pair --steps 3072" "--task hop1 --steps 3072" "--task hop2 --steps 3072" "--task hop2 --steps 4608"
  "--task hop3 --steps 3072" "--task hop3 --steps 4608" "--task hop2 --steps 3072 --dp 0" "--task pair --steps 3072 --dp 0"
  "--task mod4 --steps 4608" "--task second --steps 3072")
ROUND2=(  # fixed arbitrary relations (many facts to store)
  "--task table2 --steps 3072" "--task table3 --steps 3072" "--task table3 --steps 4608" "--task table3 --steps 3072 --dp 0"
  "--task table3 --steps 3072 --seed 1")
if [ "${ROUND:-1}" = 2 ]; then CANDIDATES=("${ROUND2[@]}"); else CANDIDATES=("${ROUND1[@]}"); fi
nvidia-smi --query-gpu=name,memory.used,utilization.gpu --format=csv > $OUT/nvidia-smi.txt 2>&1
for c in "${CANDIDATES[@]}"; do
  n=$(echo $c | tr -d ' -' ); timeout ${LIMIT:-470} python3 gpu_explore.py $c $EXTRA > $OUT/$n.log 2>&1 &
done
sleep 60; nvidia-smi --query-gpu=name,memory.used,utilization.gpu --format=csv >> $OUT/nvidia-smi.txt 2>&1
wait
grep -h RESULT $OUT/*.log | sed 's/^RESULT //' > $OUT/results.jsonl; wc -l $OUT/results.jsonl
for f in $OUT/*.log; do echo "== $f"; grep -v RESULT $f | tail -n 3; done
cat $OUT/nvidia-smi.txt
