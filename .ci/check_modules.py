"""Exported code stands on its own: every uvc_nb module imports in a fresh interpreter, and pyflakes finds no
name that a module uses but never defines or imports (a test cell's import would hide it from nbdev-test)."""
import importlib, re, subprocess, sys
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
for e in errors: print(e)
if errors: sys.exit(1)
print(f'{len(mods)} modules import alone; pyflakes finds no undefined name')
