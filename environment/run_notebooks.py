#!/usr/bin/python3
"""Execute Jupyter notebooks headless with Debian's nbclient; keep what ran, also when a cell fails.

For each notebook: run every cell in order (kernel from the notebook's metadata unless --kernel),
with a per-cell timeout and the notebook's folder as working directory; write the executed copy
OUT/NAME.ipynb (the partial one when a cell fails: outputs so far plus the error) and an HTML export
OUT/NAME.html (nbconvert's HTML exporter, as `jupyter nbconvert --to html`), and OUT/summary.json
(per notebook: ok, message, seconds, scale; rewritten after each notebook). The scale reaches the
notebooks as the environment variable CIDER_SCALE. Prints one line per notebook and ends with
`N passed, N failed`; exits 1 if any notebook failed.

--jobs N runs up to N notebooks at once (one kernel process each, handed out in the given order; the
summary keeps the given order). Notebooks that need the same trained model may run side by side: the
trainer locks a run's checkpoint folder, so the second waits and then resumes the finished run.

Usage: run_notebooks.py [--scale smoke|quick|full] [--out DIR] [--timeout S] [--jobs N] [--kernel NAME] NB...
Run it through environment/run-notebooks.sh, which sets up the project-local Jupyter paths.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

SCALES = ("smoke", "quick", "full")


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="+", help="notebooks to run, in order")
    ap.add_argument("--scale", default=os.environ.get("CIDER_SCALE", "smoke"),
                    help="smoke, quick or full (passed to notebooks as CIDER_SCALE)")
    ap.add_argument("--out", default="target/notebooks", help="folder for executed copies and HTML")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("CIDER_CELL_TIMEOUT", "1800")),
                    help="per-cell timeout in seconds")
    ap.add_argument("--startup-timeout", type=int, default=120, help="seconds to wait for the kernel")
    ap.add_argument("--kernel", default=None, help="kernel name (default: the notebook's kernelspec)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("CIDER_NOTEBOOK_JOBS", "1")),
                    help="notebooks run at once (default 1, or CIDER_NOTEBOOK_JOBS)")
    a = ap.parse_args(argv)
    if a.jobs < 1:
        ap.error("--jobs must be at least 1")
    if a.scale not in SCALES:
        ap.error("unknown scale '%s': expected one of %s" % (a.scale, ", ".join(SCALES)))
    if a.timeout <= 0:
        ap.error("--timeout must be positive")
    return a


def export_html(nb, path):
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb)
    write_atomic(path, body)


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, "%s: %s" % (out.get("ename"), out.get("evalue"))
    return None, None


def run_one(path, a):
    """Runs one notebook; returns (ok, message)."""
    name = os.path.splitext(os.path.basename(path))[0]
    out_nb = os.path.join(a.out, name + ".ipynb")
    out_html = os.path.join(a.out, name + ".html")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # corrupt JSON, not a notebook
        return False, "cannot read notebook %s: %s" % (path, e)
    kw = dict(timeout=a.timeout, startup_timeout=a.startup_timeout, allow_errors=False,
              record_timing=True, resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    if a.kernel:
        kw["kernel_name"] = a.kernel
    client = NotebookClient(nb, **kw)
    ok, msg = True, "ok"
    try:
        client.execute()
    except CellTimeoutError as e:
        ok, msg = False, "cell timed out after %ss: %s" % (a.timeout, str(e).strip().splitlines()[0][:300])
    except DeadKernelError as e:
        ok, msg = False, "kernel died: %s" % e
    except CellExecutionError:
        idx, err = first_error(nb)
        ok, msg = False, "cell %s failed: %s" % (idx, err)
    except Exception as e:  # kernel did not start, bad kernelspec, ...
        ok, msg = False, "%s: %s" % (type(e).__name__, e)
    nb.metadata.setdefault("cider", {})
    nb.metadata["cider"].update({"scale": a.scale, "ok": ok, "message": msg})
    write_atomic(out_nb, nbformat.writes(nb))
    try:
        export_html(nb, out_html)
    except Exception as e:
        if ok:
            ok, msg = False, "HTML export failed: %s" % e
    return ok, msg


def timed_run(job):
    """Worker: (index, path, args) -> (index, path, ok, message, seconds)."""
    i, path, a = job
    t0 = time.monotonic()
    ok, msg = run_one(path, a)
    return i, path, ok, msg, time.monotonic() - t0


def main(argv):
    a = parse_args(argv)
    os.environ["CIDER_SCALE"] = a.scale
    os.makedirs(a.out, exist_ok=True)
    passed = failed = 0
    records = [None] * len(a.notebooks)
    jobs = [(i, path, a) for i, path in enumerate(a.notebooks)]
    t_all = time.monotonic()
    if a.jobs == 1:
        results = map(timed_run, jobs)
        pool = None
    else:
        import multiprocessing
        pool = multiprocessing.get_context("fork").Pool(min(a.jobs, len(jobs)), maxtasksperchild=1)
        results = pool.imap_unordered(timed_run, jobs, chunksize=1)
    try:
        for i, path, ok, msg, dt in results:
            records[i] = {"notebook": path, "ok": ok, "message": msg, "seconds": round(dt, 1), "scale": a.scale}
            done = sorted((r for r in records if r is not None), key=lambda r: os.path.basename(r["notebook"]))
            write_atomic(os.path.join(a.out, "summary.json"), json.dumps(done, indent=1) + "\n")
            print("%s %s (%.1fs, scale %s)%s" % ("PASS" if ok else "FAIL", path, dt, a.scale,
                                                "" if ok else ": " + msg), flush=True)
            passed += ok
            failed += not ok
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if a.jobs > 1:
        print("wall time %.1fs with %d notebooks at once" % (time.monotonic() - t_all, a.jobs), flush=True)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
