"""Exported code stands on its own: every uvc_nb module imports in a fresh interpreter, pyflakes finds no
name that a module uses but never defines or imports (a test cell's import would hide it from nbdev-test), and
imports flow one way: a module imports only modules whose notebooks come before its own (the reading order)."""
import ast, importlib, json, re, subprocess, sys
from pathlib import Path

mods = sorted(p.stem for p in Path('uvc_nb').glob('*.py') if not p.stem.startswith('_'))
errors = []
for m in mods:
    r = subprocess.run([sys.executable, '-c', f'import uvc_nb.{m}'], capture_output=True, text=True)
    if r.returncode: errors.append(f'import uvc_nb.{m}: ' + r.stderr.strip().splitlines()[-1])
out = subprocess.run([sys.executable, '-m', 'pyflakes', *[f'uvc_nb/{m}.py' for m in mods]], capture_output=True, text=True).stdout
for line in out.splitlines():
    g = re.match(r"uvc_nb/(\w+)\.py:(\d+):\d+:? (?:undefined name '(\w+)'|'(\w+)' may be undefined)", line)
    if not g: continue
    mod, name = g.group(1), g.group(3) or g.group(4)
    if not hasattr(importlib.import_module(f'uvc_nb.{mod}'), name): errors.append(f'uvc_nb/{mod}.py:{g.group(2)}: {name} is used but never defined or imported')

# The import graph, in notebook order: no arrow may run back up.
order = {}
for nb in sorted(Path('nbs').glob('*.ipynb')):
    for c in json.loads(nb.read_text())['cells']:
        g = re.search(r'#\|\s*default_exp\s+(\w+)', ''.join(c['source']))
        if g: order[g.group(1)] = nb.name
rank = {m: i for i, m in enumerate(order)}
for m in mods:
    if m not in rank: errors.append(f'uvc_nb/{m}.py comes from no notebook'); continue
    for node in ast.walk(ast.parse(Path(f'uvc_nb/{m}.py').read_text())):
        deps = []
        if isinstance(node, ast.ImportFrom) and node.level == 1: deps = [node.module] if node.module else [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or '').startswith('uvc_nb.'): deps = [node.module.split('.')[1]]
        elif isinstance(node, ast.ImportFrom) and node.module == 'uvc_nb': deps = [a.name for a in node.names]
        elif isinstance(node, ast.Import): deps = [a.name.split('.')[1] for a in node.names if a.name.startswith('uvc_nb.')]
        for d in deps:
            if d in rank and rank[d] >= rank[m] and m != 'all':
                errors.append(f'uvc_nb/{m}.py ({order[m]}) imports {d} ({order[d]}), which comes later: imports must flow one way')
print('module order:', ' -> '.join(order))
for e in errors: print(e)
if errors: sys.exit(1)
print(f'{len(mods)} modules import alone; pyflakes finds no undefined name')
