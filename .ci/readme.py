"""Render README.md from nbs/index.ipynb the way nbdev-readme does (markdown cells as they are, code cells
as python blocks with their stored text outputs), without Quarto. Links to notebooks become links to their
pages on the docs site and images absolute URLs, so that they work on GitHub, on PyPI and on the docs site.
`--check` fails if README.md differs."""
import json, re, sys
from pathlib import Path

DOCS = 'https://uvc-nb.github.io/uvc_nb/'
RAW = 'https://raw.githubusercontent.com/uvc-nb/uvc_nb/main/nbs/'

def absolute(md:str)->str:
    "Notebook links -> docs pages (`05_solver.ipynb` -> `solver.html`), relative images -> raw files on GitHub."
    md = re.sub(r'\]\((?:\d+[a-z]?_)?([\w-]+)\.ipynb(#[\w-]+)?\)', lambda m: f']({DOCS}{m.group(1)}.html{m.group(2) or ""})', md)
    return re.sub(r'\]\((images/[^)]+)\)', lambda m: f']({RAW}{m.group(1)})', md)

def render(nb_path='nbs/index.ipynb'):
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            out.append(absolute(src.strip())); continue
        if c['cell_type'] != 'code': continue
        lines = src.splitlines()
        if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        echo = not any(l.replace(' ', '') == '#|echo:false' for l in lines)
        if code and echo: out.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            txt = ''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/markdown', '')) or ''.join(o.get('data', {}).get('text/plain', ''))
            if o.get('data', {}).get('text/markdown'): out.append(txt.strip())
            elif txt.strip(): out.append(f'```\n{txt.rstrip()}\n```')
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    txt = render()
    if '--check' in sys.argv:
        if Path('README.md').read_text() != txt:
            sys.exit('README.md does not mirror nbs/index.ipynb: run `python .ci/readme.py` and commit README.md')
        print('README.md mirrors nbs/index.ipynb')
    else: Path('README.md').write_text(txt)
