# The whole job on a GPU: uvc_compress on CUDA in fp32, bf16 and fp16 (the tiny digits model, 1 teacher + 2 search +
# 1 post-training epochs), then bench/gpu_smoke_check.py: each export loaded on CPU and on the GPU gives the same
# outputs, and its MACs counted on both equal report.json's. Needs a CUDA device; run from the repository root.
#   bash bench/gpu_smoke.sh          (OUT: where the logs and reports go, default /tmp/gpu_smoke)
# On the lent GPU machine (no uvc_nb install, no registry), the wheels in .whl/ it lacks are installed first.
set -o pipefail
OUT=${OUT:-/tmp/gpu_smoke}; mkdir -p $OUT
if [ -d .whl ]; then python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1; export PYTHONPATH=/tmp/site:$PWD; fi
export PYTHONPATH=${PYTHONPATH:-$PWD} PYTHONUNBUFFERED=1 MPLBACKEND=Agg UVC_NB_CACHE=${UVC_NB_CACHE:-/tmp/cache} PYTHONWARNINGS=ignore
for prec in fp32 bf16 fp16; do
  timeout 60 python3 bench/uvc_compress_traced.py --model deit_tiny4_patch4_16_digits --teacher-epochs 1 --search-epochs 2 --post-epochs 1 --device cuda --precision $prec --out /tmp/run_$prec > $OUT/run_$prec.log 2>&1
  echo "run $prec rc $?"; tail -12 $OUT/run_$prec.log; cp /tmp/run_$prec/report.json $OUT/report_$prec.json 2>/dev/null
done
timeout 40 python3 bench/gpu_smoke_check.py 2>&1 | tee $OUT/check.log
