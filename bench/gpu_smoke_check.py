"bench/gpu_smoke.sh's check: each run's export loaded on CPU and on the GPU gives the same outputs (1e-4), and its MACs counted on both equal report.json's."
import json, sys, torch
from uvc_nb.export import load_compressed
from uvc_nb.macs import count_macs
missing = []
for prec in ('fp32', 'bf16', 'fp16'):
    d = f'/tmp/run_{prec}'
    try: rep = json.load(open(d + '/report.json'))
    except OSError as e: print(prec, 'no report', e); missing.append(prec); continue
    cpu, gpu = load_compressed(d).eval(), load_compressed(d).eval().cuda()
    a = cpu.arch.anatomy
    x = torch.randn(8, a['in_chans'], *a['img_size'])
    with torch.inference_mode(): diff = (cpu(x) - gpu(x.cuda()).cpu()).abs().max().item()
    mg, mc = count_macs(gpu), count_macs(cpu)
    print(prec, 'cpu vs gpu max abs diff', diff, '| MACs counted on gpu', mg, 'on cpu', mc, 'report', rep['student']['macs'],
          '| ratio', rep['macs_ratio'], '| speedup', rep['speedup'], '| acc', rep['teacher']['accuracy'], rep['student']['accuracy'], '| device', rep['settings'].get('device'), rep['settings'].get('precision'))
    assert mg == mc == rep['student']['macs'], (mg, mc, rep['student']['macs'])
    assert diff < 1e-4, diff
if missing: sys.exit(f'runs without a report: {missing}')
print('CHECK DONE')
