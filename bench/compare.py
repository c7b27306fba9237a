"""UVC against its ablations and the baselines a user would pick, side by side on a reference task or your own data.

Every method starts from the same teacher (the task's reference teacher, trained once from --teacher-seed on
--teacher-threads threads and cached, or your --checkpoint), sees the same data splits, and trains for the same number of epochs from the teacher: UVC
searches for --search-epochs and post-trains for --post-epochs; a baseline prunes at once and fine-tunes for
the sum (`--schedule equal`, the default; `--schedule short` gives the baselines --post-epochs only). The
fine-tuning is the pipeline's (same learning rate, distillation, regularisation) for every method. Epochs are
picked on the validation split and accuracy is reported on the test split when the task has one. Per method,
budget and seed it records top-1 accuracy, counted MACs (one counter for all), params, the CPU speedup over
the teacher measured side by side in the same process (throughput at batch 32, latency at batch 1) and the
wall time of the compression. It also times the UVC search against plain distillation fine-tuning of the
same dense model (seconds per epoch).

Rows are appended to `<work>/rows*.jsonl` as cells finish, so an interrupted benchmark resumes where it stopped
(an unfinished cell is rerun); `--shard i/n` splits the grid across processes sharing one `--work` folder.
A work folder holds one grid: `<work>/grid.json` records its data (a folder by its files), teacher (a checkpoint by
its file) and schedule, and the first command's thread count and teacher weights (sha256); a command with others is
refused there rather than mixed into its table; budgets, seeds and methods may be added, and `results.json` lists
the cells some command asked for that have no row yet (`missing_cells`). Whatever a cell would refuse (a budget a
method's search can't reach, a split whose classes differ, a checkpoint without a head for the data) is refused
before the folder records anything. Timings taken while other processes share the CPU are noisy: `--remeasure` times every finished
cell's model against the teacher again (side by side, more repetitions), to be run alone once the grid is done;
it and `--traces` take the grid's settings from `grid.json`.

    python bench/compare.py --task hops --teacher-seed 3 --teacher-threads 2 --out bench/results-hops.json   # the main table (hops task)
    python bench/compare.py                       # the full grid on the pairs task (the default) -> bench/results.json
    python bench/compare.py --task digits --out bench/results-digits.json   # the digits task
    python bench/compare.py --data FOLDER --model vit_small_patch16_224 --checkpoint teacher.pth --out mine.json
    python bench/compare.py --quick --task hops   # one budget, one seed, few epochs (CI)
    python bench/compare.py --shard 0/2 & python bench/compare.py --shard 1/2   # two processes
    python bench/compare.py --remeasure           # then: the speed columns again, alone
    python bench/compare.py --overhead            # and the search's cost per epoch, alone
"""
import argparse, contextlib, copy, fcntl, json, os, platform, re, shutil, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import torch
from fastai.callback.core import Callback
from fastprogress.fastprogress import progress_bar
from uvc_nb.baselines import METHODS, BASELINES, ALL_METHODS, run_method, load_pruned, method_settings, comparison_markdown
from uvc_nb.solver import UVCSolver
from uvc_nb.export import load_compressed, write_atomic, _known_model
from uvc_nb.arch import Arch
from uvc_nb.settings import RunSettings
from uvc_nb.pipeline import teacher_stage, test_loader, file_sha256
from uvc_nb.teacher import create_teacher, num_classes, make_dls, teacher_cache_dir, teacher_key, data_fingerprint, file_fingerprint, check_hub_name
from uvc_nb.checkpoint import load_checkpoint
from uvc_nb.training import kd_learner
from uvc_nb.data import reference_tasks
import uvc_nb.glyphs  # registers the pairs and hops tasks
from uvc_nb.report import measure_speed
from speed import cpu_name, loadavg

FULL = dict(budgets=[0.35, 0.5, 0.7], seeds=[0, 1, 2], search_epochs=6, post_epochs=6, teacher_epochs=None)  # 72 cells
QUICK = dict(budgets=[0.5], seeds=[0], search_epochs=2, post_epochs=1, teacher_epochs=2)


class EpochTimer(Callback):
    "Wall seconds of every epoch, with the stage it belongs to (search: the UVC callback is attached)."
    order = 100
    def __init__(self): self.times = []
    def before_epoch(self): self.t0 = time.perf_counter()
    def after_epoch(self):
        stage = 'search' if hasattr(self.learn, 'uvc_search') else 'post' if hasattr(self.learn, 'best_epoch') else 'other'
        self.times.append((stage, self.epoch, time.perf_counter() - self.t0))


def data_settings(args)->dict:
    "The settings that say which data and model: a reference task, or a folder with a timm model."
    return dict(data=args.data or args.task, model=args.model)


GRID = ('task', 'data', 'model', 'checkpoint', 'search_epochs', 'post_epochs', 'teacher_epochs', 'teacher_seed', 'teacher_threads', 'schedule')  # what a work folder's rows share


def teacher_given(args)->bool:
    "Whether the teacher is a --checkpoint used as given (not trained here: no seed or thread count of its own)."
    return bool(args.checkpoint and not args.teacher_epochs)


def old_grid(g:dict)->dict:
    "What a grid.json written before a setting was recorded had: teacher seed 0, trained on the grid's thread count (none for a checkpoint used as given)."
    trained = not (g['identity'].get('checkpoint') and not g['identity'].get('teacher_epochs'))
    return dict(teacher_seed=0, teacher_threads=g.get('args', {}).get('teacher_threads', g.get('threads')) if trained else None)


def grid_identity(args)->dict:
    "What every row in one work folder must have been made with: the data (a folder by its files), the teacher, the schedule."
    s = RunSettings(**data_settings(args))
    return dict(data=data_fingerprint(s.data), model=s.model, checkpoint=file_fingerprint(args.checkpoint) if args.checkpoint else None,
                search_epochs=args.search_epochs, post_epochs=args.post_epochs, teacher_epochs=args.teacher_epochs, teacher_seed=args.teacher_seed,
                teacher_threads=None if teacher_given(args) else args.teacher_threads, schedule=args.schedule)


@contextlib.contextmanager
def file_lock(path, waiting:str=None):
    "Hold an exclusive lock on file `path` (made if missing); when another process holds it, say `waiting` (if given) and wait for it."
    with open(path, 'w') as lock:
        try: fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting: print(waiting, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def grid_lock(work):
    "The work folder's lock: shards started together read and write grid.json, commands.json and requested.json one at a time."
    return file_lock(Path(work)/'commands.lock')


def check_grid(work, args, record:bool=True):
    "Refuse to add rows of other settings to a work folder's grid (they would be one table); record the settings of a new grid."
    f, ident = Path(work)/'grid.json', grid_identity(args)
    with grid_lock(work):
        if f.is_file():
            g = json.loads(f.read_text()); old = {**old_grid(g), **g['identity']}
            diff = [f"{k} {old.get(k)!r} (now {v!r})" for k, v in ident.items() if old.get(k) != v]
            if diff: raise SystemExit(f"compare.py: error: {work} holds {'rows made' if read_rows(work) else 'a grid started'} with other settings: {'; '.join(diff)}. Pass another --work, "
                                      f"or the same settings (a data folder or checkpoint changed in place is other data); remove {f} only if nothing there is worth keeping")
        elif record:  # a quiet pass records nothing; a folder from before grid.json gets this command's settings
            write_atomic({f.name: lambda p: Path(p).write_text(json.dumps(dict(identity=ident, args={k: getattr(args, k) for k in GRID}), indent=1))}, work)


def check_recorded(work, key:str, value, why:str, record:bool=True):
    "Refuse a `value` of `key` other than the one the work folder's grid.json records (`why` says what to do); a new grid (no rows yet) records it, under the lock shards share."
    f = Path(work)/'grid.json'
    with grid_lock(work):
        g = json.loads(f.read_text())
        if g.get(key) not in (None, value): raise SystemExit(f"compare.py: error: {work} holds rows made with {key} {g[key]!r} (now {value!r}): {why}")
        if record and key not in g and not read_rows(work):  # a grid from before, with rows and no record, is not checked
            write_atomic({f.name: lambda p: Path(p).write_text(json.dumps({**g, key: value}, indent=1))}, work)


def record_cells(work, cells)->list:
    "Add `cells` (names) to the cells the work folder's commands asked for; returns them all (what `missing_cells` is counted against)."
    f = Path(work)/'requested.json'
    with grid_lock(work):
        old = json.loads(f.read_text()) if f.is_file() else []
        new = old + [c for c in cells if c not in old]
        if new != old: write_atomic({f.name: lambda p: Path(p).write_text(json.dumps(new))}, work)
    return new


@contextlib.contextmanager
def torch_threads(n:int):
    "Run the block with `n` torch threads, then go back to the count before."
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try: yield
    finally: torch.set_num_threads(before)


def teacher_settings(args)->RunSettings:
    "The settings the reference teacher is trained with (seed --teacher-seed)."
    return RunSettings(**data_settings(args), checkpoint=args.checkpoint, teacher_epochs=args.teacher_epochs, search_epochs=0, seed=args.teacher_seed)


def reference_teacher_path(args)->Path:
    "Where the reference teacher's weights are cached (its key knows the thread count it trains on: --teacher-threads)."
    with torch_threads(args.teacher_threads): return teacher_cache_dir()/teacher_key(teacher_settings(args))/'model.safetensors'


def reference_teacher(args):
    "The teacher every method starts from: the given --checkpoint, or trained here once (seed --teacher-seed, --teacher-threads threads) and cached; returns its weights' path."
    s = teacher_settings(args)
    if teacher_given(args): return Path(s.checkpoint)
    with torch_threads(args.teacher_threads): return _cached_teacher(args, s)


def _cached_teacher(args, s):
    path = reference_teacher_path(args)
    if path.is_file(): return path  # (a cache that can't be written is fine once the teacher is in it)
    path.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(path.parent/'train.lock', f"another process is training this teacher ({path.parent}): waiting for it ..."):  # shards started together: one trains, the others read its file (not replace it)
        if not path.is_file():
            print(f"training the teacher ({s.teacher_epochs} epochs, seed {s.seed}, {torch.get_num_threads()} threads) ...", flush=True)
            teacher = teacher_stage(s, progress=True)
            if s.checkpoint:  # a fine-tuned user teacher is not cached by the pipeline: keep it here (whole or not at all: shards read it)
                import safetensors.torch
                sd = {k: v.contiguous() for k, v in teacher.state_dict().items()}
                write_atomic({path.name: lambda f: safetensors.torch.save_file(sd, f)}, path.parent)
    return path


def kd_seconds_per_epoch(teacher, dls, settings, epochs=2):
    "Seconds per epoch of plain distillation fine-tuning of the dense teacher copy (no search), same loader."
    timer = EpochTimer()
    learn = kd_learner(settings, teacher, dls, copy.deepcopy(teacher).train().requires_grad_(True), cbs=[timer])  # stage 2's recipe
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(epochs, settings.post_lr)
    return statistics.median(t for _, _, t in timer.times)


def code_version()->str:
    "The commit the benchmark runs (with `+dirty` when the work tree differs), so rows of different code can be told apart."
    import subprocess
    try:
        here = Path(__file__).parent
        rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=here, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no', '--', '../uvc_nb', '.', ':!results*.json', ':!results*.md'],
                               cwd=here, capture_output=True, text=True).stdout.strip()  # the code, not the results it writes
        return rev + ('+dirty' if dirty else '')
    except (OSError, subprocess.CalledProcessError): return 'unknown'


def cell_name(method, budget, seed): return f"{method}_b{budget}_s{seed}"


def log_command(work, cmd)->list:
    "Every distinct command that wrote into `work`, in order (the grid's shards, then the quiet passes)."
    f = Path(work)/'commands.json'
    with grid_lock(work):
        cmds = json.loads(f.read_text()) if f.is_file() else []
        if cmd not in cmds:
            cmds.append(cmd); write_atomic({f.name: lambda p: Path(p).write_text(json.dumps(cmds))}, work)
    return cmds


def read_rows(work):
    "Every finished row in `work`; a last line cut short (a process killed while writing it) is left out: its cell runs again."
    rows = []
    for f in sorted(Path(work).glob('rows*.jsonl')):
        text = f.read_text()  # read once: another shard may be appending
        lines = [(i, l) for i, l in enumerate(text.splitlines(), 1) if l.strip()]
        for i, l in lines:
            try: r = json.loads(l)
            except ValueError:
                if i == lines[-1][0] and not text.endswith('\n'): continue  # being written, or cut short by a kill: its cell is not done
                raise SystemExit(f"compare.py: error: {f}, line {i}: not a JSON row: remove the line (its cell then runs again)")
            if not (isinstance(r, dict) and {'method', 'budget', 'seed'} <= set(r)):
                raise SystemExit(f"compare.py: error: {f}, line {i}: not a row of a cell (an object with its method, budget and seed): remove the line")
            rows.append(r)
    return rows


def unwritable(path)->str:
    "Why a file can't be written at `path` (a folder there, or a file where a folder must be), or None."
    path = Path(path)
    if path.is_dir(): return f"{path} is a folder"
    q = path.parent
    while not q.exists() and q != q.parent: q = q.parent
    return None if q.is_dir() else f"{q} is a file, not a folder"


def markdown_path(out)->Path:
    "Where the tables of the results in `out` go: beside it, `results.json` -> `results.md` (any other name gets .md added)."
    out = Path(out)
    return out.with_suffix('.md') if out.suffix == '.json' else out.with_name(out.name + '.md')


def write_results(work, out, meta):
    "Assemble every finished row in `work` into `out`, and its tables (mean ± sd, paired differences) into `markdown_path(out)` (atomically)."
    rows, seen, twice = [], set(), []
    for r in sorted(read_rows(work), key=lambda r: (ALL_METHODS.index(r['method']), r['budget'], r['seed'])):  # stable: rows files in name order
        c = cell_name(r['method'], r['budget'], r['seed'])
        if c in seen: twice.append(c); continue  # finished by two overlapping shards: the first row counts, once
        seen.add(c); rows.append(r)
    if twice: print(f"note: {len(twice)} cells have two rows (shards that overlap: --shard i/n with other n); the first is kept: {', '.join(twice[:8])}", flush=True)
    meta = {**meta, 'settings': {**meta['settings'], **({'budgets': sorted({r['budget'] for r in rows}), 'seeds': sorted({r['seed'] for r in rows})} if rows else {})}}
    search = [t for r in rows for t in r.get('search_s_per_epoch', [])]
    kd = [r['kd_s_per_epoch'] for r in rows if r.get('kd_s_per_epoch')]
    overhead = None
    if search and kd:
        s, k = statistics.median(search), statistics.median(kd)
        overhead = dict(search_s_per_epoch=s, kd_s_per_epoch=k, ratio=s/k, n_search_epochs=len(search), n_kd_runs=len(kd))
    quiet = Path(work)/'overhead.json'  # written by --overhead, measured alone: preferred over the grid's figures
    if quiet.is_file(): overhead, in_grid = json.loads(quiet.read_text()), overhead
    else: in_grid = None
    have = {cell_name(r['method'], r['budget'], r['seed']) for r in rows}  # the cells the folder's commands asked for and that have no row
    asked = Path(work)/'requested.json'
    missing = [c for c in (json.loads(asked.read_text()) if asked.is_file() else []) if c not in have]
    res = dict(machine=meta['machine'], settings=meta['settings'], commands=meta['commands'], search_overhead=overhead,
               search_overhead_in_grid=in_grid, missing_cells=missing, rows=rows)
    out, md = Path(out), markdown_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    files = {out.name: lambda p: Path(p).write_text(json.dumps(res, indent=1))}
    if rows:
        try: text = comparison_markdown(res) + '\n'
        except Exception as e: print(f"note: the tables are not written ({type(e).__name__}: {e}); {out} is", flush=True)  # the rows come first
        else: files[md.name] = lambda p: Path(p).write_text(text)
    write_atomic(files, out.parent)
    if md.name not in files: md.unlink(missing_ok=True)  # no tables of other rows beside these
    return res


def split_sizes(args)->dict:
    "How many images each split has (for a reference task, what its loaders are made of)."
    s = RunSettings(**data_settings(args))
    dls = make_dls(s, device='cpu')
    sizes = dict(train=len(dls.train.dataset), val=len(dls.valid.dataset))
    if (test := test_loader(dls)) is not None: sizes['test'] = len(test.dataset)
    if getattr(dls, 'glyph_rule', None) is not None:  # a composed-glyph task (`glyph_dls` names its rule)
        from uvc_nb.glyphs import glyph_split
        sizes.update({f'{k}_glyphs': len(v) for k, v in glyph_split()[2].items()}, train='composed afresh: %d per epoch' % sizes['train'])
    return sizes


def fine_tune_epochs(method, args)->int:
    "A baseline's fine-tuning epochs: UVC's search + post-training epochs (`equal`), or its post-training epochs (`short`)."
    return args.post_epochs + (args.search_epochs if args.schedule == 'equal' else 0)


def run_cell(method, budget, seed, args, teacher_path, work):
    recorded = json.loads((Path(work)/'grid.json').read_text()).get('teacher_sha256')
    if recorded and file_sha256(teacher_path) != recorded:  # the file every cell loads was replaced since the grid began
        raise SystemExit(f"compare.py: error: {teacher_path} is no longer the teacher {work}'s rows were made from (sha256 {recorded[:12]}...): "
                         "it was replaced while the grid ran (another process trained it again?); restore it, or start another --work")
    out = Path(work)/cell_name(method, budget, seed)
    if out.exists(): shutil.rmtree(out)  # an unfinished cell: start it again
    timer = EpochTimer()
    baseline = method in BASELINES
    epochs = dict(post_epochs=fine_tune_epochs(method, args)) if baseline else dict(search_epochs=args.search_epochs, post_epochs=args.post_epochs)
    res = run_method(method, out, measure=False, cbs=[timer], **{**data_settings(args), 'checkpoint': str(teacher_path)}, teacher_epochs=0,
                     budget=budget, seed=seed, **epochs)
    teacher, small, dls, s = res['models']['teacher'], res['models']['student'], res['dls'], RunSettings(**res['settings'])
    speed = measure_speed(copy.deepcopy(teacher), copy.deepcopy(small), tuple(dls.one_batch()[0].shape[1:]))
    row = dict(method=method, budget=budget, seed=seed, schedule=args.schedule if baseline else 'uvc',
               epochs=(0 if baseline else args.search_epochs) + epochs['post_epochs'],
               accuracy=res['student']['accuracy'], val_accuracy=res['student']['val_accuracy'], accuracy_split=res['accuracy_split'],
               macs=res['student']['macs'],
               params=res['student']['params'], throughput_speedup=speed['throughput']['speedup'],
               latency_speedup=speed['latency']['speedup'], seconds=res['seconds'],
               macs_ratio=res['macs_ratio'], teacher_accuracy=res['teacher']['accuracy'], teacher_val_accuracy=res['teacher']['val_accuracy'],
               teacher_macs=res['teacher']['macs'],
               teacher_params=res['teacher']['params'], best_epoch=res.get('best_epoch'),
               blocks_kept=None if res['architecture'] is None else sum(not b['skip'] for b in res['architecture']['blocks']),
               budget_fit=res.get('budget_fit'), threads=torch.get_num_threads(), load=loadavg(), code=code_version())
    if method == 'uvc-default':  # the search's cost per epoch, against plain KD fine-tuning measured right after
        row['search_s_per_epoch'] = [t for st, ep, t in timer.times if st == 'search' and ep >= s.warmup_epochs]
        row['kd_s_per_epoch'] = kd_seconds_per_epoch(teacher, dls, s)
    return row


def kept(cell)->dict:
    "What a finished cell's export keeps per block: heads, value channels, MLP units (0 for a skipped block)."
    if (cell/'arch.json').is_file():
        a = Arch.from_json(cell/'arch.json')
        return dict(kept_heads=a.kept_heads, kept_v=a.kept_v, kept_mlp=a.kept_mlp)
    sh = json.loads((cell/'shapes.json').read_text())  # a Torch-Pruning model
    return dict(kept_heads=[b['heads'] for b in sh], kept_v=[b['heads']*b['head_dim'] for b in sh], kept_mlp=[b['mlp'] for b in sh])


def remeasure(work, out, meta, teacher_path, args, reps=10, lat_reps=40, timing=True):
    "Time every finished cell's model not yet timed alone against the teacher again, side by side, with more repetitions (a quiet pass); add the search traces and what each export keeps. `timing=False`: only the traces and what is kept."
    rows = read_rows(work)
    missing = [c for r in rows if not (c := Path(work)/cell_name(r['method'], r['budget'], r['seed'])/'checkpoint.pt').is_file()]
    if missing: raise SystemExit(f"compare.py: error: {len(missing)} finished cells have no folder with a checkpoint, e.g. {missing[0].parent}: nothing was changed")
    if timing:
        s = RunSettings(**{**data_settings(args), 'checkpoint': str(teacher_path)}, teacher_epochs=0)
        teacher = create_teacher(s, num_classes(s)).eval()
        shape = tuple(make_dls(s).one_batch()[0].shape[1:])
    new = []
    for r in progress_bar(rows):
        cell = Path(work)/cell_name(r['method'], r['budget'], r['seed'])
        steps = load_checkpoint(cell/'checkpoint.pt')['history']['search']  # the search's MACs ratio, step by step
        r = {**r, 'search_R_deployed': [round(st['R_deployed'], 4) for st in steps], **kept(cell)}
        r.pop('search_run_prob', None)  # stored afresh below (seed 0 only)
        if steps and 'run_prob' in steps[0] and r['seed'] == 0:  # seed 0: the gates' run probabilities every 8th step, [step, [p per block]]
            r['search_run_prob'] = [[i, [round(p, 3) for p in st['run_prob']]] for i, st in enumerate(steps) if i % 8 == 0 or i == len(steps) - 1]
        if not timing or r.get('speed_pass') == 'remeasured': new.append(r); continue  # not timed now, or timed alone in an earlier pass
        small = load_compressed(cell) if (cell/'arch.json').is_file() else load_pruned(teacher, cell)
        sp = measure_speed(copy.deepcopy(teacher), small, shape, reps=reps, lat_reps=lat_reps)
        new.append({**r, 'throughput_speedup': sp['throughput']['speedup'], 'latency_speedup': sp['latency']['speedup'],
                    'in_run_speedups': [r['throughput_speedup'], r['latency_speedup']], 'speed_pass': 'remeasured', 'load': loadavg()})
    for f in Path(work).glob('rows*.jsonl'):  # kept beside, never over an earlier pass's copy
        n = 0
        while (bak := f.with_name(f.name + ('.bak' if n == 0 else f'.bak{n}'))).exists(): n += 1
        f.rename(bak)
    (Path(work)/'rows-remeasured.jsonl').write_text(''.join(json.dumps(r) + '\n' for r in new))
    return write_results(work, out, meta)


def measure_overhead(work, teacher_path, args, rounds=2):
    "UVC search epochs against plain KD epochs of the same dense model, alternated in one process (a quiet pass)."
    search, kd = [], []
    for i in range(rounds):
        out = Path(work)/f'overhead{i}'; shutil.rmtree(out, ignore_errors=True)
        timer = EpochTimer()
        res = run_method('uvc-default', out, measure=False, cbs=[timer], **{**data_settings(args), 'checkpoint': str(teacher_path)},
                         teacher_epochs=0, budget=0.5, seed=i, search_epochs=3, post_epochs=1)
        s = RunSettings(**res['settings'])
        search += [t for st, ep, t in timer.times if st == 'search' and ep >= s.warmup_epochs]
        kd.append(kd_seconds_per_epoch(res['models']['teacher'], res['dls'], s))
    s, k = statistics.median(search), statistics.median(kd)
    o = dict(search_s_per_epoch=s, kd_s_per_epoch=k, ratio=s/k, n_search_epochs=len(search), n_kd_runs=len(kd),
             how=f'{rounds} rounds of (2 search epochs, 2 KD epochs) in one process, meant to run alone (load: the 1, 5 and 15 minute load averages at its end)', load=loadavg())
    (Path(work)/'overhead.json').write_text(json.dumps(o))
    return o


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument('--quick', action='store_true', help='one budget, one seed, few epochs, a short teacher (a smoke run)')
    p.add_argument('--task', default=None, choices=list(reference_tasks), help='the reference task (default pairs; ignored with --data)')
    p.add_argument('--data', default=None, help='your own ImageFolder (train/, val/, optionally test/) instead of a reference task')
    p.add_argument('--model', default=None, help="the teacher's timm model (default: the reference task's)")
    p.add_argument('--checkpoint', default=None, help='teacher weights for --data (else the teacher is trained for --teacher-epochs)')
    p.add_argument('--schedule', default=None, choices=['equal', 'short'], help="baselines fine-tune for UVC's search + post epochs (equal, the default), or post epochs only")
    p.add_argument('--methods', nargs='+', default=list(METHODS), choices=ALL_METHODS)
    p.add_argument('--budgets', nargs='+', type=float, default=None)
    p.add_argument('--seeds', nargs='+', type=int, default=None)
    p.add_argument('--search-epochs', type=int, default=None)
    p.add_argument('--post-epochs', type=int, default=None)
    p.add_argument('--teacher-epochs', type=int, default=None)
    p.add_argument('--teacher-seed', type=int, default=None, help="the seed the teacher is trained from (default 0; the hops table's teacher: 3)")
    p.add_argument('--teacher-threads', type=int, default=None, help="torch threads while the teacher trains (default --threads; the hops table's teacher: 2)")
    p.add_argument('--threads', type=int, default=1, help='torch threads per process')
    p.add_argument('--work', default=None, help='run folders and finished rows (default runs/bench, runs/bench-quick)')
    p.add_argument('--out', default=None, help='results JSON (default bench/results.json; --quick: <work>/results.json)')
    p.add_argument('--shard', default='0/1', help='i/n: run every n-th cell starting at i')
    p.add_argument('--remeasure', action='store_true', help='only time the finished cells again (run it alone, on a quiet machine)')
    p.add_argument('--traces', action='store_true', help="only add the search traces and what each finished cell's export keeps (no timing)")
    p.add_argument('--overhead', action='store_true', help='only time search epochs against plain KD epochs, alternated (run it alone)')
    args = p.parse_args(argv)
    if teacher_given(args) and (given := [f"--{k.replace('_', '-')}" for k in ('teacher_seed', 'teacher_threads') if getattr(args, k) is not None]):
        p.error(f"{' and '.join(given)} {'train' if len(given) > 1 else 'trains'} the teacher: with --checkpoint (used as given) "
                f"{'they change' if len(given) > 1 else 'it changes'} nothing; leave {'them' if len(given) > 1 else 'it'} out, or pass --teacher-epochs N to fine-tune the checkpoint")
    m = re.fullmatch(r'(\d+)/(\d+)', args.shard)
    if not m or not int(m[1]) < int(m[2]): p.error(f"--shard {args.shard}: expected i/n with 0 <= i < n (e.g. 0/2 and 1/2 for two processes)")
    i, n = int(m[1]), int(m[2])
    if args.data is not None and not args.data.strip(): p.error("--data '': name the folder (with train/ and val/), or leave --data out for --task")
    if args.data is not None and args.data in reference_tasks:
        p.error(f"--data takes a folder: for the reference task pass --task {args.data}; for a folder of that name pass ./{args.data}")
    work = Path(args.work or ('runs/bench-quick' if args.quick else 'runs/bench'))
    out = Path(args.out or (work/'results.json' if args.quick else Path(__file__).parent/'results.json'))
    if out.suffix == '.md': p.error(f"--out {out}: name the results JSON; the tables go beside it as .md")
    if why := unwritable(work/'grid.json'): p.error(f"--work {work}: {why}: name a folder for the grid's rows")  # (a file named as the folder, or above it)
    for f in (out, markdown_path(out)):  # found now, not when the first cell is done and its results are written
        if why := unwritable(f): p.error(f"--out {out}: {why}; name the results JSON file")
    quiet = args.remeasure or args.traces or args.overhead
    if quiet and (work/'grid.json').is_file():  # a quiet pass over a grid: the grid's data, teacher and schedule unless given
        g = json.loads((work/'grid.json').read_text())
        for k, v in {**old_grid(g), **g['args']}.items():
            if getattr(args, k) is None: setattr(args, k, v)
    if (args.remeasure or args.traces) and not read_rows(work): p.error(f"--work {work}: no finished rows to time or trace there")
    base = QUICK if args.quick else FULL
    for k, v in base.items():
        if getattr(args, k) is None and not (k == 'teacher_epochs' and args.checkpoint): setattr(args, k, v)  # a checkpoint is the teacher as given
    args.task, args.schedule = args.task or 'pairs', args.schedule or 'equal'
    args.teacher_seed = 0 if args.teacher_seed is None else args.teacher_seed
    args.teacher_threads = args.threads if args.teacher_threads is None else args.teacher_threads
    args.budgets, args.seeds, args.methods = (list(dict.fromkeys(v)) for v in (args.budgets, args.seeds, args.methods))  # a cell once, however often it is named
    if any(m not in BASELINES for m in args.methods) and args.search_epochs < 2:
        p.error(f"--search-epochs {args.search_epochs}: UVC methods need at least 2 (the first trains the weights only)")
    for k in ('threads', 'teacher_threads'):
        if getattr(args, k) < 1: p.error(f"--{k.replace('_', '-')} {getattr(args, k)}: torch threads, at least 1")
    try:  # everything a cell would refuse, refused before the work folder records this grid (a failed start leaves nothing to undo)
        if args.model: check_hub_name(args.model)
        if args.model and not args.model.startswith('hf-hub:'): _known_model(args.model, '--model')  # (a traceback from timm when the teacher is built)
        s = RunSettings(**data_settings(args), checkpoint=args.checkpoint, teacher_epochs=args.teacher_epochs)
        c = num_classes(s)  # the data folder is there, with its classes
        sizes = split_sizes(args) if not quiet else None  # every split's classes agree
        teacher = create_teacher(s, c)  # the checkpoint is there and fits the model
        if getattr(teacher, 'reset_head', False) and not s.teacher_epochs:
            p.error(f"--checkpoint {args.checkpoint} has no classifier head for the data's {c} classes: pass --teacher-epochs N to train one")
        for b in args.budgets:
            for sd in args.seeds:
                for m in (args.methods if not quiet else ()):
                    ms = method_settings(m, **data_settings(args), budget=b, seed=sd, **({} if m in BASELINES else dict(search_epochs=args.search_epochs)), post_epochs=args.post_epochs)
                    if m not in BASELINES and sd == args.seeds[0]:  # a budget this method's search can't reach
                        try: UVCSolver(teacher, ms.solver_config())
                        except ValueError as e: raise ValueError(f"--methods {m} --budgets {b}: {e}") from None
    except (ValueError, FileNotFoundError) as e: p.error(str(e))
    work.mkdir(parents=True, exist_ok=True)
    timed = not (args.traces or args.overhead)  # the grid and --remeasure time with --threads: one count per table
    if timed and (other := sorted({r.get('threads') for r in read_rows(work)} - {args.threads}, key=str)):
        p.error(f"--work {work} holds rows timed with {', '.join(map(str, other))} thread(s) per process: pass --threads {other[0]} "
                "(speedups of other thread counts are not one table), or another --work")
    check_grid(work, args, record=not quiet)
    if timed: check_recorded(work, "threads", args.threads, "pass --threads with that count (speedups of other thread counts are not one table), or another --work", record=not quiet)
    del teacher  # built for the checks only: every cell loads the teacher's weights file
    torch.set_num_threads(args.threads)
    teacher_path = reference_teacher(args) if not (args.traces and not args.remeasure) else None  # the traces need no teacher
    if teacher_path is not None:  # checked before the command is logged: a refused one leaves no trace
        check_recorded(work, 'teacher_sha256', file_sha256(teacher_path), f"the rows were made from another teacher than {teacher_path}: "
                       "run with the cache (UVC_NB_CACHE) that trained it, or another --work", record=not quiet)
    meta = dict(machine=dict(cpu=cpu_name(), cores=os.cpu_count(), threads_per_process=args.threads,
                             device='cpu', gpu='not measured (no GPU at hand)', platform=platform.platform(),
                             torch=torch.__version__),
                settings=dict(budgets=args.budgets, seeds=args.seeds, search_epochs=args.search_epochs,
                              post_epochs=args.post_epochs, teacher_epochs=args.teacher_epochs,
                              **({} if teacher_given(args) else dict(teacher_seed=args.teacher_seed, teacher_threads=args.teacher_threads)),
                              teacher_sha256=json.loads((work/'grid.json').read_text()).get('teacher_sha256') if (work/'grid.json').is_file() else None,
                              schedule=args.schedule,
                              task=None if args.data else args.task, data=args.data or reference_tasks[args.task].summary,
                              model=RunSettings(**data_settings(args)).model, checkpoint=args.checkpoint,
                              splits=sizes if sizes is not None else split_sizes(args), kd='soft, alpha 0.5, T 1 (none for uvc-no-kd)'),
                commands=log_command(work, 'python bench/compare.py ' + ' '.join(argv if argv is not None else sys.argv[1:])))
    if args.overhead:
        o = measure_overhead(work, teacher_path, args); print(o)
        return write_results(work, out, meta)
    if args.remeasure or args.traces:
        res = remeasure(work, out, meta, teacher_path, args, timing=args.remeasure)
        print(f"{len(res['rows'])} rows {'timed again' if args.remeasure else 'traced'} in {out}"); return res
    done = {(r['method'], r['budget'], r['seed']) for r in read_rows(work)}
    record_cells(work, [cell_name(m, b, sd) for sd in args.seeds for b in args.budgets for m in args.methods])  # the whole grid this command asks for, every shard
    cells = [(m, b, s) for s in args.seeds for b in args.budgets for m in args.methods][i::n]
    todo = [c for c in cells if c not in done]
    print(f"{len(cells)} cells in this shard, {len(cells) - len(todo)} already done", flush=True)
    rows_file = work/f"rows{i}of{n}.jsonl"
    for m, b, s in progress_bar(todo):
        t0 = time.time()
        row = run_cell(m, b, s, args, teacher_path, work)
        t = rows_file.read_text() if rows_file.is_file() else ''
        if t and not t.endswith('\n'): rows_file.write_text(t[:t.rfind('\n') + 1])  # a line cut short by a kill (its cell just ran again): dropped
        with open(rows_file, 'a') as f: f.write(json.dumps(row) + '\n')
        write_results(work, out, meta)
        print(f"{m:18s} budget {b:.2f} seed {s}: acc {row['accuracy']:.4f} MACs ratio {row['macs_ratio']:.3f} "
              f"speedup {row['throughput_speedup']:.2f}x/{row['latency_speedup']:.2f}x  {time.time() - t0:.0f} s", flush=True)
    res = write_results(work, out, meta)
    if not res['rows']: print(f"no rows in {out}: this shard had no cell, and no other has finished one"); return res
    md = markdown_path(out)
    if md.is_file(): print(f"{len(res['rows'])} rows in {out}; the tables (and the rows off their budget, the cells still missing) in {md}:\n\n{md.read_text()}", flush=True)
    else: print(f"{len(res['rows'])} rows in {out}", flush=True)  # (write_results said why there are no tables)
    return res


if __name__ == '__main__': main()
