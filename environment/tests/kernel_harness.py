"""Helpers for the kernel tests: start the cider-java kernel through jupyter_client and run cells."""
import base64
import os
import shutil
import struct
import subprocess
import tempfile

from jupyter_client.manager import KernelManager

KERNEL = "cider-java"
STARTUP_TIMEOUT = int(os.environ.get("CIDER_KERNEL_STARTUP_TIMEOUT", "90"))


class Kernel:
    """One running kernel; `run(code)` returns (reply_content, [iopub messages of that cell])."""

    def __init__(self, env=None, cwd=None):
        self.km = KernelManager(kernel_name=KERNEL)
        kw = {}
        if env is not None:
            kw["env"] = env
        if cwd is not None:
            kw["cwd"] = cwd
        self.km.start_kernel(**kw)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except Exception:
            self.close()
            raise

    def run(self, code, timeout=120):
        msgs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=msgs.append, allow_stdin=False)
        return reply["content"], msgs

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)


def of_type(msgs, msg_type):
    return [m["content"] for m in msgs if m["msg_type"] == msg_type]


def stream_text(msgs, name="stdout"):
    return "".join(c["text"] for c in of_type(msgs, "stream") if c["name"] == name)


def result_data(msgs):
    """The data bundle of the execute_result, or None."""
    r = of_type(msgs, "execute_result")
    return r[0]["data"] if r else None


def png_size(b64):
    """(width, height) of a base64 PNG, checking its signature."""
    raw = base64.b64decode(b64)
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("not a PNG")
    return struct.unpack(">II", raw[16:24])


def make_fixture_classes():
    """A temp folder with classes/ (fixture.Hello) and lib/fixture2.jar (fixture2.Hi), compiled with javac."""
    root = tempfile.mkdtemp(prefix="cider-kernel-test-")
    src = os.path.join(root, "src")
    os.makedirs(os.path.join(src, "fixture"))
    os.makedirs(os.path.join(src, "fixture2"))
    with open(os.path.join(src, "fixture", "Hello.java"), "w") as f:
        f.write("package fixture; public class Hello { public static String greet(String n) { return \"hello \" + n; } }\n")
    with open(os.path.join(src, "fixture2", "Hi.java"), "w") as f:
        f.write("package fixture2; public class Hi { public static String hi() { return \"hi from a jar\"; } }\n")
    classes = os.path.join(root, "classes")
    jarclasses = os.path.join(root, "jarclasses")
    lib = os.path.join(root, "lib")
    os.makedirs(lib)
    subprocess.run(["javac", "-d", classes, os.path.join(src, "fixture", "Hello.java")], check=True)
    subprocess.run(["javac", "-d", jarclasses, os.path.join(src, "fixture2", "Hi.java")], check=True)
    subprocess.run(["jar", "cf", os.path.join(lib, "fixture2.jar"), "-C", jarclasses, "."], check=True)
    return root


def remove(path):
    shutil.rmtree(path, ignore_errors=True)
