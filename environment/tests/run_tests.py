#!/usr/bin/python3
"""Runs the kernel and runner tests (test_*.py here) and ends with `N passed, N failed`.

Usage: run_tests.py [--summary FILE]   (FILE receives {"passed": N, "failed": N} as JSON)
Needs the project-local Jupyter set up: run it through environment/test.sh.
"""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    summary = None
    if len(argv) == 2 and argv[0] == "--summary":
        summary = argv[1]
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py")
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    if summary:
        with open(summary, "w") as f:
            json.dump({"passed": passed, "failed": failed, "skipped": len(result.skipped)}, f)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
