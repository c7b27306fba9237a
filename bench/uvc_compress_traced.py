"uvc_compress that prints the traceback of an error before its one-line message (bench/gpu_smoke.sh: a failure on a lent machine says where)."
import sys, traceback
import uvc_nb.cli as cli
_orig = cli.error_line
def _with_trace(e): traceback.print_exception(e); return _orig(e)
cli.error_line = _with_trace
sys.argv[0] = 'uvc_compress'
sys.exit(cli.compress_main())
