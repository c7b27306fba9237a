"""One finished cell of a `bench/compare.py` grid, as a small JSON a notebook can read: its row, the validation
accuracy and loss after every search and post-training epoch, and per search step the deployed MACs ratio, the price
of MACs and the gates' run probabilities (read from the cell's `report.json`, which the pipeline writes; nothing is
run again).

    python bench/glyph_candidates/cell_trace.py WORK CELL OUT

e.g. `python bench/glyph_candidates/cell_trace.py runs/bench-hops-s3 uvc-no-kd_b0.7_s1 bench/glyph_candidates/hops-no-kd-collapse.json`."""
import json, sys
from pathlib import Path

work, cell, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
rows = [json.loads(l) for f in sorted(work.glob('rows*.jsonl')) for l in f.read_text().splitlines() if l.strip()]
row = [r for r in rows if f"{r['method']}_b{r['budget']}_s{r['seed']}" == cell]
if len(row) != 1: sys.exit(f"{work}: {len(row)} rows for the cell {cell} (expected one)")
rep = json.loads((work/cell/'report.json').read_text())
names, h = rep.get('metric_names', ['train_loss', 'valid_loss', 'accuracy']), rep['history']
epochs = lambda k: [dict(zip(names, (round(x, 4) for x in r))) for r in h.get(k, [])]  # each epoch's Recorder row, by name
steps = h.get('search', [])
trace = dict(what=f"{cell} of the grid in {work}: its row, the Recorder's columns after every epoch, and per search step the "
                  "deployed MACs ratio, the price of MACs and the gates' run probabilities (from the cell's report.json)",
             command='python bench/glyph_candidates/cell_trace.py ' + ' '.join(sys.argv[1:]), row=row[0],
             search_epochs=epochs('search_epochs'), post_epochs=epochs('post_epochs'), budget_fit=rep.get('budget_fit'),
             search_iter=[s['iter'] for s in steps], search_R_deployed=[round(s['R_deployed'], 4) for s in steps],
             search_price=[round(s['price'], 6) for s in steps], search_settling=[bool(s['settling']) for s in steps],
             search_run_prob=[[round(p, 3) for p in s['run_prob']] for s in steps] if steps and 'run_prob' in steps[0] else None)
out.write_text(json.dumps(trace, indent=1) + '\n')
print(f"{out}: {len(trace['search_epochs'])} search and {len(trace['post_epochs'])} post-training epochs, {len(steps)} search steps")
