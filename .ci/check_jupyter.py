"""`jupyter lab nbs/` works after the dev install: start JupyterLab on loopback, check that it serves /lab, run one
notebook through a real Jupyter kernel (nbclient), stop the server."""
import os, secrets, signal, socket, subprocess, sys, time, urllib.request
import nbformat
from nbclient import NotebookClient

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

port, token = free_port(), secrets.token_hex(16)
cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1', f'--port={port}', f'--IdentityProvider.token={token}',
       '--ServerApp.root_dir=nbs'] + (['--allow-root'] if os.geteuid() == 0 else [])
server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
try:
    status, t0 = None, time.time()
    while time.time() - t0 < 120 and server.poll() is None:
        try:
            with urllib.request.urlopen(f'http://127.0.0.1:{port}/lab?token={token}', timeout=5) as r:
                status, page = r.status, r.read().decode(errors='replace')
            break
        except OSError: time.sleep(1)
    if status != 200 or 'JupyterLab' not in page:
        sys.exit(f'JupyterLab did not serve /lab (status {status}); server said: {server.stderr.read1(4000).decode(errors="replace") if server.poll() is not None else "still running"}')
    print(f'JupyterLab served /lab on 127.0.0.1:{port} in {time.time() - t0:.0f} s')
    nb_path = sys.argv[1] if len(sys.argv) > 1 else 'nbs/00_anatomy.ipynb'
    nb = nbformat.read(nb_path, as_version=4)
    t1 = time.time()
    NotebookClient(nb, kernel_name='python3', timeout=600, resources={'metadata': {'path': os.path.dirname(nb_path)}}).execute()
    n = sum(c.cell_type == 'code' for c in nb.cells)
    errs = [o for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []) if o.get('output_type') == 'error']
    if errs: sys.exit(f'{nb_path}: {len(errs)} cells failed in the kernel')
    print(f'{nb_path}: {n} code cells run through a python3 kernel in {time.time() - t1:.0f} s')
finally:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try: server.wait(timeout=30)
        except subprocess.TimeoutExpired: os.killpg(server.pid, signal.SIGKILL)
    print('JupyterLab stopped')
