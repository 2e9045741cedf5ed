"""Protocol-level tests of the cider-java kernel (run by environment/test.sh through run_tests.py)."""
import os
import time
import unittest

from kernel_harness import (Kernel, make_fixture_classes, of_type, png_size, remove, result_data,
                            stream_text)

STARTS = int(os.environ.get("CIDER_KERNEL_STARTS", "50"))


class CellsTest(unittest.TestCase):
    """Many cells against one kernel (fast)."""

    @classmethod
    def setUpClass(cls):
        cls.fixtures = make_fixture_classes()
        cls.k = Kernel(cwd=cls.fixtures)

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
        remove(cls.fixtures)

    def ok(self, code):
        reply, msgs = self.k.run(code)
        self.assertEqual("ok", reply["status"], "%s -> %s" % (code, reply))
        return msgs

    def error(self, code):
        reply, msgs = self.k.run(code)
        self.assertEqual("error", reply["status"], code)
        errs = of_type(msgs, "error")
        self.assertEqual(1, len(errs), msgs)
        self.assertEqual(reply["ename"], errs[0]["ename"])
        return errs[0], msgs

    # --- values and streams
    def test_final_expression_is_the_cell_result(self):
        self.assertEqual("42", result_data(self.ok("6 * 7"))["text/plain"])

    def test_trailing_semicolon_hides_the_value(self):
        self.assertIsNone(result_data(self.ok("6 * 7;")))

    def test_stdout_and_stderr_are_streams(self):
        msgs = self.ok('System.out.println("to out"); System.err.println("to err");')
        self.assertEqual("to out\n", stream_text(msgs, "stdout"))
        self.assertEqual("to err\n", stream_text(msgs, "stderr"))

    def test_state_persists_between_cells_and_default_imports_exist(self):
        self.ok("int k = 5;\nList<Integer> xs = new ArrayList<>(List.of(1, 2));")
        self.assertEqual("6", result_data(self.ok("k + 1"))["text/plain"])
        self.assertEqual("[1, 2]", result_data(self.ok("xs"))["text/plain"])

    # --- display
    def test_display_buffered_image_as_png(self):
        msgs = self.ok("var img = new java.awt.image.BufferedImage(7, 5, java.awt.image.BufferedImage.TYPE_INT_RGB);\ndisplay(img);")
        shown = of_type(msgs, "display_data")
        self.assertEqual(1, len(shown))
        self.assertEqual((7, 5), png_size(shown[0]["data"]["image/png"]))
        self.assertIsNone(result_data(msgs))

    def test_xchart_chart_as_png_via_display_and_as_result(self):
        msgs = self.ok('import org.knowm.xchart.*;\n'
                       'var chart = QuickChart.getChart("T", "x", "y", "s", new double[]{1, 2, 3}, new double[]{1, 4, 9});\n'
                       'display(chart);')
        shown = of_type(msgs, "display_data")
        self.assertEqual(1, len(shown))
        self.assertEqual((600, 400), png_size(shown[0]["data"]["image/png"]))
        self.assertIn("XYChart 'T'", shown[0]["data"]["text/plain"])
        data = result_data(self.ok("new XYChartBuilder().width(300).height(200).title(\"U\").build()"))
        self.assertEqual((300, 200), png_size(data["image/png"]))
        # the README's idiom works too
        shown = of_type(self.ok("display(BitmapEncoder.getBufferedImage(chart));"), "display_data")
        self.assertEqual((600, 400), png_size(shown[0]["data"]["image/png"]))

    def test_tablesaw_table_as_html_and_text(self):
        data = result_data(self.ok(
            'import tech.tablesaw.api.*;\n'
            'Table t = Table.create("scores").addColumns(StringColumn.create("name", "a<b", "c"),'
            ' DoubleColumn.create("value", 1.5, 2.0));\nt'))
        html = data["text/html"]
        self.assertIn("<caption>scores</caption>", html)
        self.assertIn("<th>name</th><th>value</th>", html)
        self.assertIn("<td>a&lt;b</td><td>1.5</td>", html)
        self.assertIn("scores", data["text/plain"])
        self.assertIn("1.5", data["text/plain"])

    def test_long_tables_are_cut_with_a_note(self):
        html = result_data(self.ok(
            'import tech.tablesaw.api.*;\n'
            'Table.create("long").addColumns(IntColumn.create("i", java.util.stream.IntStream.range(0, 500).toArray()))'))["text/html"]
        self.assertEqual(60, html.count("<tr>") - 1)
        self.assertIn("440 more rows (500 in all)", html)

    def test_markdown_objects_render_as_markdown(self):
        data = result_data(self.ok('dev.cider.study.Notebooks.markdown("**bold** text")'))
        self.assertEqual("**bold** text", data["text/markdown"])

    def test_display_as_requested_mime_type_and_update(self):
        msgs = self.ok('String id = display(dev.cider.study.Notebooks.markdown("*one*"), "text/markdown");\n'
                       'updateDisplay(id, dev.cider.study.Notebooks.markdown("*two*"));')
        shown = of_type(msgs, "display_data")
        self.assertEqual("*one*", shown[0]["data"]["text/markdown"])
        updated = of_type(msgs, "update_display_data")
        self.assertEqual("*two*", updated[0]["data"]["text/markdown"])
        self.assertEqual(shown[0]["transient"]["display_id"], updated[0]["transient"]["display_id"])

    # --- errors
    def test_compile_error_is_a_jupyter_error_with_javac_message(self):
        err, _ = self.error("int y = 1;\nString s = y;")
        self.assertEqual("CompilationException", err["ename"])
        self.assertIn("incompatible types", err["evalue"])
        self.assertTrue(any(line.strip() == "^" for line in err["traceback"]), err["traceback"])
        err, _ = self.error("undefinedThing + 1")
        self.assertEqual("cannot find symbol (symbol: variable undefinedThing)", err["evalue"])

    def test_incomplete_cell_is_an_error(self):
        err, _ = self.error("Math.max(1,")
        self.assertEqual("CompilationException", err["ename"])
        self.assertIn("incomplete", err["evalue"])

    def test_exception_carries_java_class_message_and_cause(self):
        err, _ = self.error('throw new IllegalStateException("boom")')
        self.assertEqual("java.lang.IllegalStateException", err["ename"])
        self.assertEqual("boom", err["evalue"])
        self.assertEqual("java.lang.IllegalStateException: boom", err["traceback"][0])
        err, _ = self.error('void fails() { throw new RuntimeException("outer", new java.io.IOException("inner")); }\nfails();')
        self.assertEqual("java.lang.RuntimeException", err["ename"])
        self.assertIn("Caused by: java.io.IOException: inner", err["traceback"])

    def test_error_stops_the_cell_and_the_kernel_goes_on(self):
        _, msgs = self.error('System.out.println("before");\nif (true) throw new ArithmeticException("x");\nSystem.out.println("after");')
        self.assertEqual("before\n", stream_text(msgs))
        self.assertEqual("2", result_data(self.ok("1 + 1"))["text/plain"])

    # --- magics
    def test_classpath_magic_adds_a_folder(self):
        msgs = self.ok("%classpath classes\nfixture.Hello.greet(\"magic\")")
        self.assertEqual('hello magic', result_data(msgs)["text/plain"])

    def test_jars_magic_adds_jars_by_glob(self):
        msgs = self.ok("int before = 1;\n%jars " + os.path.join(self.fixtures, "lib", "*.jar") + "\nfixture2.Hi.hi()")
        self.assertEqual('hi from a jar', result_data(msgs)["text/plain"])

    def test_magic_errors_name_the_problem(self):
        err, _ = self.error("%jars nowhere/*.jar")
        self.assertEqual("IllegalArgumentException", err["ename"])
        self.assertIn("'nowhere/*.jar' matches no jar", err["evalue"])
        err, _ = self.error("%classpath does/not/exist")
        self.assertIn("'does/not/exist' matches no file or folder", err["evalue"])
        err, _ = self.error("%maven org.example:x:1")
        self.assertEqual("UndefinedMagicException", err["ename"])
        self.assertIn("%classpath, %jars", err["evalue"])
        err, _ = self.error("%%time\n1 + 1")
        self.assertIn("unknown cell magic", err["evalue"])

    # --- JVM settings and protocol
    def test_jvm_is_headless_offline_with_a_project_djl_cache(self):
        self.assertEqual("true", result_data(self.ok("java.awt.GraphicsEnvironment.isHeadless()"))["text/plain"])
        self.assertEqual('true', result_data(self.ok('System.getProperty("ai.djl.offline")'))["text/plain"])
        cache = result_data(self.ok('System.getProperty("DJL_CACHE_DIR")'))["text/plain"]
        self.assertTrue(cache.endswith("target/djl-cache"), cache)

    def test_is_complete_and_completion(self):
        self.k.kc.is_complete("for (int i = 0; i < 3; i++) {")
        r = self.k.kc.get_shell_msg(timeout=30)["content"]
        self.assertEqual("incomplete", r["status"])
        self.k.kc.is_complete("1 + 1")
        self.assertEqual("complete", self.k.kc.get_shell_msg(timeout=30)["content"]["status"])
        self.k.kc.complete("Strin", 5)
        r = self.k.kc.get_shell_msg(timeout=30)["content"]
        self.assertTrue(any(m.startswith("String") for m in r["matches"]), r)

    def test_interrupt_stops_a_running_cell(self):
        kc = self.k.kc
        msg_id = kc.execute("Thread.sleep(120000)")
        time.sleep(2)
        self.k.km.interrupt_kernel()
        t0 = time.monotonic()
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertLess(time.monotonic() - t0, 60)
        self.assertEqual("error", reply["content"]["status"])
        # drain iopub of that cell, then the kernel still works
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            m = kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        self.assertEqual("3", result_data(self.ok("1 + 2"))["text/plain"])


class EnvironmentTest(unittest.TestCase):
    """A kernel started with IJava's environment variables."""

    def test_ijava_classpath_dir_star_startup_script_and_thread_settings(self):
        fixtures = make_fixture_classes()
        env = dict(os.environ)
        env["IJAVA_CLASSPATH"] = os.pathsep.join([os.path.join(fixtures, "lib", "*"), os.path.join(fixtures, "classes")])
        env.pop("CIDER_THREADS", None)
        env["OMP_NUM_THREADS"] = "3"
        env["IJAVA_STARTUP_SCRIPT"] = "int fromStartup = 41;"
        k = Kernel(env=env)
        try:
            _, msgs = k.run('fixture2.Hi.hi() + " / " + fixture.Hello.greet("env")')
            self.assertEqual('hi from a jar / hello env', result_data(msgs)["text/plain"])
            _, msgs = k.run('System.getProperty("ai.djl.pytorch.num_threads") + "," + System.getProperty("ai.djl.pytorch.num_interop_threads")')
            self.assertEqual('3,3', result_data(msgs)["text/plain"])
            _, msgs = k.run("fromStartup + 1")
            self.assertEqual("42", result_data(msgs)["text/plain"])
        finally:
            k.close()
            remove(fixtures)


class StartupTest(unittest.TestCase):
    def test_kernel_starts_every_time(self):
        """Starts the kernel STARTS times in a row (default 50), running one cell each time."""
        times = []
        for i in range(STARTS):
            t0 = time.monotonic()
            k = Kernel()
            try:
                reply, msgs = k.run("%d + 1" % i, timeout=60)
                self.assertEqual("ok", reply["status"], "start %d" % (i + 1))
                self.assertEqual(str(i + 1), result_data(msgs)["text/plain"], "start %d" % (i + 1))
            finally:
                k.close()
            times.append(time.monotonic() - t0)
        print("\n%d of %d kernel starts answered; start+cell+shutdown %.1fs mean, %.1fs max"
              % (len(times), STARTS, sum(times) / len(times), max(times)))


if __name__ == "__main__":
    unittest.main()
