package dev.cider.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIOBridge;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cider-java Jupyter kernel: Java cells evaluated by JShell inside the kernel's own JVM, so
 * that {@code display(...)} and the notebook's objects live in one process.
 *
 * <p>IJava-compatible where notebooks touch it:
 * <ul>
 *   <li>classpath from the {@code IJAVA_CLASSPATH} environment variable (path-separated, with
 *       {@code dir/*} and globs), plus the file named by {@code -Dcider.kernel.classpathFile}
 *       (one classpath string; written by {@code environment/setup.sh});</li>
 *   <li>line magics {@code %classpath ENTRY...} and {@code %jars JAR_GLOB...};</li>
 *   <li>{@code display(obj)} and friends ({@link Display}), JShell's default imports;</li>
 *   <li>{@code IJAVA_COMPILER_OPTS} (space-separated javac options) and {@code IJAVA_STARTUP_SCRIPT}
 *       (a snippet run at start-up);</li>
 *   <li>compile errors and exceptions are Jupyter errors whose name is the Java exception class (or
 *       {@code CompilationException}) and whose value is the Java message.</li>
 * </ul>
 * When {@code CIDER_THREADS} (else {@code OMP_NUM_THREADS}) is set, DJL's PyTorch intra- and
 * inter-op thread counts default to it.
 */
public final class CiderKernel extends BaseKernel {
    public static final String NAME = "cider-java";
    public static final String VERSION = "1.0.0";

    /** A line magic: {@code %name args} alone on its line. */
    private static final Pattern MAGIC_LINE = Pattern.compile("^[ \\t]*%(\\w+)(.*?)\\R?$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w*)");

    private final CellEvaluator evaluator;
    private final RichRenderer rich;

    private CiderKernel(Builder b) {
        super(NAME, VERSION,
                new LanguageInfo("java", System.getProperty("java.version"), "text/x-java-source", ".jshell",
                        "java", "java", null),
                List.of(), null, b.jupyterIO(), b.commManager(), b.renderer(), null, b.magics(), false,
                b.errorStyler());
        this.rich = new RichRenderer(getRenderer());
        this.evaluator = new CellEvaluator(splitWords(System.getenv("IJAVA_COMPILER_OPTS")));
    }

    /** The running kernel (throws outside a notebook). */
    static CiderKernel instance() {
        return (CiderKernel) BaseKernel.notebookKernel();
    }

    RichRenderer renderer() {
        return rich;
    }

    /** Builds the classpath and runs the start-up snippets; problems with classpath entries go to stderr. */
    void initialize(Path workDir) {
        Set<Path> cp = new LinkedHashSet<>(selfClasspath());
        List<String> missing = new ArrayList<>();
        String file = System.getProperty("cider.kernel.classpathFile");
        if (file != null && !file.isBlank()) {
            try {
                cp.addAll(KernelClasspath.resolveAll(Files.readString(Path.of(file)).strip(), workDir, false, missing));
            } catch (IOException e) {
                System.err.println("[cider-java] cannot read the classpath file " + file + ": " + e.getMessage()
                        + " (run environment/setup.sh)");
            }
        }
        cp.addAll(KernelClasspath.resolveAll(System.getenv("IJAVA_CLASSPATH"), workDir, false, missing));
        for (String m : missing) {
            System.err.println("[cider-java] classpath entry matches nothing, skipped: " + m);
        }
        cp.forEach(evaluator::addToClasspath);
        List<String> startup = new ArrayList<>();
        startup.add("import static " + Display.class.getName() + ".*;");
        String script = System.getenv("IJAVA_STARTUP_SCRIPT");
        if (script != null && !script.isBlank()) {
            startup.add(script);
        }
        evaluator.startup(startup);
    }

    /** The kernel's own classes (so snippets can call {@link Display}); in a dev build also its dependencies. */
    private static List<Path> selfClasspath() {
        try {
            Path self = Path.of(CiderKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Path> out = new ArrayList<>();
            out.add(self);
            if (Files.isDirectory(self)) {   // unshaded (tests): jjava etc. are separate jars
                for (String e : KernelClasspath.split(System.getProperty("java.class.path"))) {
                    out.add(Path.of(e));
                }
            }
            return out;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's own jar", e);
        }
    }

    // ------------------------------------------------------------------ evaluation

    @Override
    public Object evalRaw(String source) {
        CellEvaluator.Result r = run(source);
        return r == null ? null : r.value();
    }

    @Override
    public DisplayData eval(String source) {
        CellEvaluator.Result r = run(source);
        return r == null ? null : rich.render(r.value());
    }

    /** Runs a cell: line magics (alone on their line) in order with the Java code between them. */
    private CellEvaluator.Result run(String source) {
        Matcher cm = CELL_MAGIC.matcher(source);
        if (cm.find()) {
            throw new CellException("UndefinedMagicException", "unknown cell magic '%%" + cm.group(1)
                    + "' (this kernel has the line magics " + magicNames() + ")", List.of(source.strip().lines().findFirst().orElse("")));
        }
        StringBuilder code = new StringBuilder();
        CellEvaluator.Result last = null;
        for (String line : source.split("(?<=\\n)")) {
            Matcher m = MAGIC_LINE.matcher(line);
            if (m.matches() && "complete".equals(evaluator.isComplete(code.toString()))) {
                if (!code.toString().isBlank()) {
                    evaluator.eval(code.toString());
                    code.setLength(0);
                }
                runLineMagic(m.group(1), splitArgs(m.group(2)));
                last = null;
            } else {
                code.append(line);
            }
        }
        if (!code.toString().isBlank()) {
            last = evaluator.eval(code.toString());
        }
        return last;
    }

    /** Runs a registered line magic; an unknown name is an error listing the known ones. */
    Object runLineMagic(String name, List<String> args) {
        try {
            return magicsRegistry.evalLineMagic(this, name, args);
        } catch (UndefinedMagicException e) {
            throw new CellException("UndefinedMagicException", "unknown line magic '%" + name
                    + "' (this kernel has " + magicNames() + ")", List.of("%" + name + " " + String.join(" ", args)));
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw new CellException(e.getClass().getName(), "%" + name + ": " + e.getMessage(), List.of(String.valueOf(e)));
        }
    }

    private String magicNames() {
        List<String> names = new ArrayList<>(magicsRegistry.getLineMagicNames());
        Collections.sort(names);
        return "%" + String.join(", %", names);
    }

    /** {@code %classpath} and {@code %jars}: add every match of every argument; an argument matching nothing is an error. */
    private Object addClasspath(List<String> args, boolean jarsOnly) {
        String magic = jarsOnly ? "%jars" : "%classpath";
        if (args.isEmpty()) {
            throw new CellException("IllegalArgumentException", magic + " needs at least one path or glob", List.of(magic));
        }
        Path base = Path.of("").toAbsolutePath();
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            for (String entry : KernelClasspath.split(arg)) {
                List<Path> r = KernelClasspath.resolve(entry, base, jarsOnly);
                if (r.isEmpty()) {
                    throw new CellException("IllegalArgumentException", magic + ": '" + entry + "' matches no "
                            + (jarsOnly ? "jar" : "file or folder") + " (relative to " + base + ")", List.of(magic + " " + arg));
                }
                found.addAll(r);
            }
        }
        found.forEach(evaluator::addToClasspath);
        return null;
    }

    /** Splits magic arguments on blanks; double quotes group, backslash escapes. */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new CellException("IllegalArgumentException", "unclosed quote in magic arguments: " + s.strip(), List.of(s.strip()));
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private static List<String> splitWords(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /**
     * Answers an execute request like {@link BaseKernel} does, but reports a failed cell with the Java
     * exception's class name and message (not those of a wrapper).
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        JupyterIOBridge.attach(io, env, request.isStdinEnabled());
        env.defer(() -> JupyterIOBridge.detach(io, env));
        try {
            DisplayData out = eval(request.getCode());
            System.out.flush();
            System.err.flush();
            if (out != null) {
                env.publish(new PublishExecuteResult(count, out));
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (Exception e) {
            System.out.flush();
            System.err.flush();
            String name;
            String value;
            List<String> traceback;
            if (e instanceof CellException ce) {
                name = ce.errorName();
                value = ce.getMessage() == null ? "" : ce.getMessage();
                traceback = ce.traceback();
            } else {
                name = e.getClass().getName();
                value = e.getMessage() == null ? "" : e.getMessage();
                traceback = formatError(e);
            }
            ErrorReply error = new ErrorReply(name, value, traceback);
            error.setExecutionCount(count);
            env.publish(new PublishError(name, value, traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        }
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator.documentation(code, at);
        return doc == null ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> c = evaluator.complete(code, at, anchor);
        return c.isEmpty() ? null : new ReplacementOptions(c, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return evaluator.isComplete(code);
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public void onShutdown(boolean restarting) {
        evaluator.close();
        super.onShutdown(restarting);
    }

    // ------------------------------------------------------------------ start-up

    /** DJL/PyTorch thread counts from {@code CIDER_THREADS} or {@code OMP_NUM_THREADS}, unless set explicitly. */
    static void applyThreadSettings() {
        String n = System.getenv("CIDER_THREADS");
        if (n == null || n.isBlank()) {
            n = System.getenv("OMP_NUM_THREADS");
        }
        if (n != null && !n.isBlank() && !n.trim().matches("[1-9][0-9]*")) {
            System.err.println("[cider-java] ignoring CIDER_THREADS/OMP_NUM_THREADS='" + n + "': not a positive integer");
        } else if (n != null && !n.isBlank()) {
            for (String p : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
                if (System.getProperty(p) == null) {
                    System.setProperty(p, n.trim());
                }
            }
        }
    }

    /** Builder wiring the protocol library's parts and the two magics. */
    static final class Builder extends BaseKernelBuilder<Builder, CiderKernel> {
        Builder() {
            lineMagic("classpath", (CiderKernel k, List<String> args) -> k.addClasspath(args, false));
            lineMagic("jars", (CiderKernel k, List<String> args) -> k.addClasspath(args, true));
        }

        @Override
        public CiderKernel build() {
            return new CiderKernel(this);
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO jupyterIO() {
            return buildJupyterIO(buildJupyterIOEncoding());
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager commManager() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler errorStyler() {
            return buildErrorStyler();
        }
    }

    /** {@code java -jar cider-java-kernel.jar CONNECTION_FILE}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar cider-java-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        applyThreadSettings();
        // The protocol library logs each socket loop at INFO; keep the kernel's stderr for real problems.
        // (In the shaded jar this property name is relocated with slf4j, so it only reaches the kernel's
        // own logger, never the notebook's slf4j.)
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        CiderKernel kernel = new Builder().name(NAME).version(VERSION).build();
        try {
            kernel.initialize(Path.of("").toAbsolutePath());
        } catch (RuntimeException e) {
            System.err.println("[cider-java] start-up failed: " + e.getMessage());
            if (e instanceof CellException ce) {
                ce.traceback().forEach(System.err::println);
            }
            System.exit(3);
        }
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
