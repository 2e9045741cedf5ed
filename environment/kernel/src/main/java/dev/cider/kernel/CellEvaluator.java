package dev.cider.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Evaluates Java cells with JShell in this JVM: splits a cell into snippets, runs them in order,
 * stops at the first compile error or exception and turns it into a {@link CellException} carrying
 * the Java message, and returns the value of a final expression.
 */
final class CellEvaluator implements AutoCloseable {

    /** JShell's own default imports (as in the {@code jshell} tool and IJava). */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    /** The value of a cell's final expression; {@code value} may be null (the expression was null). */
    record Result(Object value) {}

    private final JShell shell;
    private final CapturingExecutionControl control;

    CellEvaluator(List<String> compilerOptions) {
        CapturingExecutionControl.Provider provider = new CapturingExecutionControl.Provider();
        this.control = provider.control();
        List<String> opts = new ArrayList<>(List.of("-Xlint:none"));
        opts.addAll(compilerOptions);
        this.shell = JShell.builder()
                .executionEngine(provider, null)
                .compilerOptions(opts.toArray(String[]::new))
                .build();
    }

    /** Adds a folder or jar to both the compiler's and the class loader's classpath. */
    void addToClasspath(Path p) {
        shell.addToClasspath(p.toAbsolutePath().toString());
    }

    /** Runs the default imports and the given extra startup snippets. */
    void startup(List<String> extraSnippets) {
        StringBuilder sb = new StringBuilder();
        for (String i : DEFAULT_IMPORTS) {
            sb.append("import ").append(i).append(";\n");
        }
        for (String s : extraSnippets) {
            sb.append(s).append('\n');
        }
        eval(sb.toString());
    }

    /**
     * Evaluates every snippet of {@code code} in order.
     *
     * @return the final expression's value, or null when the cell does not end with an expression
     *     (an expression ending with {@code ;} counts as a statement here)
     * @throws CellException on the first compile error, unresolved reference or exception
     */
    Result eval(String code) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        String rest = code;
        Result last = null;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
            switch (ci.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> throw new CellException(
                        "CompilationException", "incomplete input (missing ';', '}' or ')'?)",
                        List.of("incomplete input at the end of the cell:", firstLine(rest)));
                case EMPTY -> {
                    return last;
                }
                default -> { }
            }
            String source = ci.source() == null ? rest : ci.source();
            String remaining = ci.remaining() == null ? "" : ci.remaining();
            String typed = rest.substring(0, Math.max(0, rest.length() - remaining.length()));
            last = evalSnippet(source);
            if (typed.strip().endsWith(";")) {
                last = null;   // like IPython: a trailing ';' hides the value (display(x); shows no id)
            }
            rest = remaining;
        }
        return last;
    }

    private Result evalSnippet(String source) {
        control.clearLastValue();
        List<SnippetEvent> events = shell.eval(source);
        if (control.consumeStopped()) {
            throw new CellException("InterruptedException", "the cell was interrupted",
                    List.of("interrupted in: " + firstLine(source)));
        }
        Result result = null;
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null) {
                continue;   // status updates of other snippets depending on this one
            }
            Snippet s = ev.snippet();
            if (ev.status() == Snippet.Status.REJECTED) {
                throw compileError(s, source);
            }
            if (ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED && s instanceof DeclarationSnippet d) {
                String missing = String.join(", ", shell.unresolvedDependencies(d).collect(Collectors.toList()));
                throw new CellException("CompilationException", "cannot find symbol: " + missing,
                        List.of("unresolved: " + missing, "  in: " + firstLine(s.source())));
            }
            if (ev.exception() != null) {
                throw runtimeError(ev.exception(), s);
            }
            boolean isExpression = s.kind() == Snippet.Kind.EXPRESSION
                    || (s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
            if (isExpression) {
                result = new Result(control.lastValue());
            }
        }
        return result;
    }

    private CellException compileError(Snippet s, String source) {
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) {
            diags = shell.diagnostics(s).collect(Collectors.toList());
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            String msg = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = summary(msg);
            }
            lines.addAll(msg.lines().collect(Collectors.toList()));
            lines.addAll(pointAt(source, d));
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(first + ": " + firstLine(source));
        }
        return new CellException("CompilationException", first, lines);
    }

    /** javac's message on one line: "cannot find symbol (symbol: class Foo)"; JShell's empty "location: class" dropped. */
    static String summary(String msg) {
        List<String> lines = msg.lines().map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty() && !l.equals("location: class")).collect(Collectors.toList());
        if (lines.isEmpty()) {
            return msg.strip();
        }
        return lines.size() == 1 ? lines.get(0)
                : lines.get(0) + " (" + String.join("; ", lines.subList(1, lines.size())) + ")";
    }

    /** The offending source line and a caret under the error position. */
    private static List<String> pointAt(String source, Diag d) {
        long pos = d.getPosition();
        if (pos < 0 || pos > source.length()) {
            return List.of("  in: " + firstLine(source));
        }
        int start = source.lastIndexOf('\n', (int) Math.max(0, pos - 1)) + 1;
        if (pos > 0 && source.charAt((int) pos - 1) == '\n') {
            start = (int) pos;
        }
        int end = source.indexOf('\n', (int) pos);
        String line = source.substring(start, end < 0 ? source.length() : end);
        return List.of(line, " ".repeat((int) pos - start) + "^");
    }

    private CellException runtimeError(JShellException e, Snippet s) {
        if (e instanceof UnresolvedReferenceException u) {
            String missing = String.join(", ", shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.toList()));
            return new CellException("UnresolvedReferenceException",
                    "'" + u.getSnippet().name() + "' cannot be used until these are defined: " + missing,
                    List.of("unresolved: " + missing, "  in: " + firstLine(s.source())));
        }
        List<String> lines = new ArrayList<>();
        String name = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        describe(e, lines, "");
        return new CellException(name, message, lines);
    }

    /** Java-style stack trace of the user exception and its causes, without JShell/kernel frames. */
    private static void describe(Throwable t, List<String> lines, String prefix) {
        String cls = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        String head = t.getMessage() == null ? cls : cls + ": " + t.getMessage();
        lines.addAll((prefix + head).lines().collect(Collectors.toList()));
        for (StackTraceElement el : t.getStackTrace()) {
            String c = el.getClassName();
            if (c.startsWith("jdk.internal.reflect") || c.startsWith("java.lang.reflect")
                    || c.startsWith("dev.cider.kernel") || c.startsWith("jdk.jshell")) {
                break;
            }
            lines.add("\tat " + el);
        }
        if (t.getCause() != null && t.getCause() != t) {
            describe(t.getCause(), lines, "Caused by: ");
        }
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    /** Jupyter's is_complete answer for a (partial) cell. */
    String isComplete(String code) {
        return switch (shell.sourceCodeAnalysis().analyzeCompletion(code).completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> "complete";
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> "invalid";
        };
    }

    /** Completion suggestions (continuations) and the anchor where they start. */
    List<String> complete(String code, int at, int[] anchor) {
        List<String> out = new ArrayList<>();
        shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).forEach(s -> out.add(s.continuation()));
        return out;
    }

    /** Documentation of the symbol at {@code at}, or null. */
    String documentation(String code, int at) {
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(code, at, true);
        if (docs.isEmpty()) {
            return null;
        }
        return docs.stream().map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
                .collect(Collectors.joining("\n\n"));
    }

    /** Stops the running snippet (Jupyter interrupt). */
    void stop() {
        control.stop();
    }

    @Override
    public void close() {
        shell.close();
    }
}
