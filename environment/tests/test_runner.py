"""Tests of the notebook runner (run_notebooks.py) and of cells2ipynb.py."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ENV_DIR = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def run_runner(*args):
    p = subprocess.run([PY, os.path.join(ENV_DIR, "run_notebooks.py")] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    return p.returncode, p.stdout


class RunnerTest(unittest.TestCase):
    def test_failing_notebook_exits_nonzero_and_keeps_the_partial_notebook(self):
        out = tempfile.mkdtemp(prefix="cider-runner-")
        rc, log = run_runner("--out", out, "--timeout", "300", os.path.join(HERE, "failing.ipynb"))
        self.assertNotEqual(0, rc, log)
        self.assertEqual("0 passed, 1 failed", log.strip().splitlines()[-1], log)
        self.assertIn("IllegalStateException: deliberate failure", log)
        with open(os.path.join(out, "failing.ipynb")) as f:
            nb = json.load(f)
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        self.assertEqual("before the failure\n", "".join(code[0]["outputs"][0]["text"]))
        err = code[1]["outputs"][-1]
        self.assertEqual("error", err["output_type"])
        self.assertEqual("java.lang.IllegalStateException", err["ename"])
        self.assertEqual([], code[2]["outputs"])      # never ran
        self.assertFalse(nb["metadata"]["cider"]["ok"])
        self.assertTrue(os.path.getsize(os.path.join(out, "failing.html")) > 1000)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        self.assertEqual(1, len(summary))
        self.assertFalse(summary[0]["ok"])
        self.assertIn("IllegalStateException", summary[0]["message"])

    def test_passing_notebook_gets_the_scale_and_an_html_export(self):
        out = tempfile.mkdtemp(prefix="cider-runner-")
        rc, log = run_runner("--scale", "quick", "--out", out, os.path.join(HERE, "scale.ipynb"))
        self.assertEqual(0, rc, log)
        self.assertEqual("1 passed, 0 failed", log.strip().splitlines()[-1])
        with open(os.path.join(out, "scale.ipynb")) as f:
            nb = json.load(f)
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        self.assertEqual("scale=quick\n", "".join(code[0]["outputs"][0]["text"]))
        with open(os.path.join(out, "scale.html")) as f:
            self.assertIn("scale=quick", f.read())

    def test_bad_arguments_and_unreadable_notebooks_fail_clearly(self):
        rc, log = run_runner("--scale", "huge", os.path.join(HERE, "scale.ipynb"))
        self.assertEqual(2, rc)
        self.assertIn("unknown scale 'huge'", log)
        bad = os.path.join(tempfile.mkdtemp(prefix="cider-runner-"), "broken.ipynb")
        with open(bad, "w") as f:
            f.write("{not json")
        rc, log = run_runner("--out", os.path.dirname(bad), bad)
        self.assertEqual(1, rc)
        self.assertIn("cannot read notebook", log)
        self.assertEqual("0 passed, 1 failed", log.strip().splitlines()[-1])


class Cells2IpynbTest(unittest.TestCase):
    def convert(self, text):
        d = tempfile.mkdtemp(prefix="cider-cells-")
        src = os.path.join(d, "x.cells")
        with open(src, "w") as f:
            f.write(text)
        p = subprocess.run([PY, os.path.join(ENV_DIR, "cells2ipynb.py"), src], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        nb = None
        if p.returncode == 0:
            with open(os.path.join(d, "x.ipynb")) as f:
                nb = json.load(f)
        return p.returncode, p.stdout, nb

    def test_cells_become_an_output_free_notebook_with_our_kernelspec(self):
        rc, log, nb = self.convert("#%% md\n# Title\n\ntext\n#%%\nint a = 1;\n\n\n#%%\na + 1\n")
        self.assertEqual(0, rc, log)
        self.assertEqual(4, nb["nbformat"])
        self.assertEqual("cider-java", nb["metadata"]["kernelspec"]["name"])
        self.assertEqual("java", nb["metadata"]["kernelspec"]["language"])
        self.assertEqual(["markdown", "code", "code"], [c["cell_type"] for c in nb["cells"]])
        self.assertEqual(["# Title\n", "\n", "text"], nb["cells"][0]["source"])
        self.assertEqual(["int a = 1;"], nb["cells"][1]["source"])
        for c in nb["cells"][1:]:
            self.assertEqual([], c["outputs"])
            self.assertIsNone(c["execution_count"])

    def test_unknown_marker_is_an_error_naming_the_line(self):
        rc, log, _ = self.convert("#%%\n1\n#%% python\n2\n")
        self.assertNotEqual(0, rc)
        self.assertIn("line 3", log)


if __name__ == "__main__":
    unittest.main()
