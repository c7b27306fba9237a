"""Check .github/workflows: valid GitHub workflow files (schema), and every `uses:` one of the pinned, verified actions."""
import re, subprocess, sys
from pathlib import Path

def pinned(path='.ci/actions.txt'):
    return {l.strip() for l in Path(path).read_text().splitlines() if l.strip() and not l.startswith('#')}

def uses(files):
    "Every `uses:` value in the workflow files, with where it is."
    for f in files:
        for i, line in enumerate(Path(f).read_text().splitlines(), 1):
            m = re.search(r'\buses:\s*["\']?([^"\'\s#\],]+)', line)
            if m: yield f, i, m.group(1)

def check(wf_dir='.github/workflows', actions='.ci/actions.txt')->list:
    files = sorted(Path(wf_dir).glob('*.y*ml'))
    errors = [] if files else [f'{wf_dir}: no workflow files']
    ok = pinned(actions)
    errors += [f'{f}:{i}: uses {u!r}, which is not in {actions}' for f, i, u in uses(files) if u not in ok]
    r = subprocess.run(['check-jsonschema', '--builtin-schema', 'vendor.github-workflows', *map(str, files)], capture_output=True, text=True)
    if r.returncode: errors.append('schema: ' + (r.stdout + r.stderr).strip())
    return errors

if __name__ == '__main__':
    errs = check(*sys.argv[1:3])
    for e in errs: print(e)
    if errs: sys.exit(1)
    print('workflows: valid, every action pinned')
