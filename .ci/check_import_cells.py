"""Fail if a notebook cell mixes imports with other code: nbdev's docs build executes every cell that
contains an import, so such a cell runs out of context there (see nbdev's FAQ)."""
import ast, json, sys
from pathlib import Path

bad = []
for nb in sorted(Path('nbs').glob('*.ipynb')):
    for i, c in enumerate(json.loads(nb.read_text())['cells']):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        if src.lstrip().startswith('#| export') or '#| exec_doc' in src or 'nbdev_export()' in src: continue
        lines = [l for l in src.splitlines() if not l.lstrip().startswith(('#|', '%'))]
        try: tree = ast.parse('\n'.join(lines))
        except SyntaxError: continue
        if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)) and \
           any(not isinstance(t, (ast.Import, ast.ImportFrom)) for t in tree.body):
            bad.append(f'{nb}: cell {i}: {src.splitlines()[0][:80]}')
print('\n'.join(bad) if bad else 'import cells: ok')
sys.exit(1 if bad else 0)
