#!/usr/bin/python3
"""Execute Jupyter notebooks headless with Debian's nbclient; keep what ran, also when a cell fails.

For each notebook: run every cell in order (kernel from the notebook's metadata unless --kernel),
with a per-cell timeout and the notebook's folder as working directory; write the executed copy
OUT/NAME.ipynb (the partial one when a cell fails: outputs so far plus the error) and an HTML export
OUT/NAME.html (nbconvert's HTML exporter, as `jupyter nbconvert --to html`), and OUT/summary.json
(per notebook: ok, message, seconds, scale; rewritten after each notebook). The scale reaches the
notebooks as the environment variable CIDER_SCALE. Prints one line per notebook and ends with
`N passed, N failed`; exits 1 if any notebook failed.

Usage: run_notebooks.py [--scale smoke|quick|full] [--out DIR] [--timeout S] [--kernel NAME] NB...
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
    a = ap.parse_args(argv)
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


def main(argv):
    a = parse_args(argv)
    os.environ["CIDER_SCALE"] = a.scale
    os.makedirs(a.out, exist_ok=True)
    passed = failed = 0
    records = []
    for path in a.notebooks:
        t0 = time.monotonic()
        ok, msg = run_one(path, a)
        dt = time.monotonic() - t0
        records.append({"notebook": path, "ok": ok, "message": msg, "seconds": round(dt, 1), "scale": a.scale})
        write_atomic(os.path.join(a.out, "summary.json"), json.dumps(records, indent=1) + "\n")
        print("%s %s (%.1fs, scale %s)%s" % ("PASS" if ok else "FAIL", path, dt, a.scale,
                                            "" if ok else ": " + msg), flush=True)
        passed += ok
        failed += not ok
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
