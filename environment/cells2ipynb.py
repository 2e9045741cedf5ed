#!/usr/bin/python3
"""Convert a cells file into an output-free nbformat-4 notebook for the cider-java kernel.

A cells file is plain text; a line `#%%` starts a code cell and a line `#%% md` starts a markdown
cell (text before the first marker is a code cell when not blank). Trailing blank lines of a cell
are dropped. Standard library only.

Usage: cells2ipynb.py CELLS [OUT.ipynb]   (default: CELLS with the extension .ipynb)
"""
import json
import os
import re
import sys

MARKER = re.compile(r"^#%%[ \t]*(md|markdown)?[ \t]*$")
METADATA = {
    "kernelspec": {"name": "cider-java", "display_name": "Java (cider-java)", "language": "java"},
    "language_info": {"name": "java"},
}


def parse_cells(text):
    cells, kind, lines = [], "code", []

    def flush():
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines:
            cells.append((kind, list(lines)))

    for lineno, line in enumerate(text.splitlines(), 1):
        if line.startswith("#%%"):
            m = MARKER.match(line)
            if not m:
                raise ValueError("line %d: unknown cell marker %r (use '#%%%%' or '#%%%% md')" % (lineno, line))
            flush()
            kind, lines = ("markdown" if m.group(1) else "code"), []
        else:
            lines.append(line)
    flush()
    return cells


def to_notebook(cells):
    out = []
    for kind, lines in cells:
        source = [l + "\n" for l in lines[:-1]] + [lines[-1]]
        cell = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell.update({"execution_count": None, "outputs": []})
        out.append(cell)
    return {"cells": out, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


def main(argv):
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    src = argv[0]
    dst = argv[1] if len(argv) == 2 else os.path.splitext(src)[0] + ".ipynb"
    with open(src, encoding="utf-8") as f:
        cells = parse_cells(f.read())
    if not cells:
        raise SystemExit("%s: no cells" % src)
    nb = to_notebook(cells)
    for i, c in enumerate(nb["cells"]):
        c["id"] = "cell-%d" % i
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, dst)
    print("%s: %d cells -> %s" % (src, len(cells), dst))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
