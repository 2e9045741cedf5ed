package dev.cider.eval;

import dev.cider.data.Labels;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference's classification metrics ({@code src/eval_metrics.py}; reference spec section 2.4),
 * named exactly as the reference names them.
 *
 * <ul>
 *   <li>{@code Has0_*}: all samples; argmax over columns {0, 2} only; truth = (label &ge; 1), so
 *       neutral counts as positive;</li>
 *   <li>{@code Non0_*}: only samples whose label &ne; 1; argmax over all 3 columns (predicting
 *       neutral is wrong); truth 0 or 2. This is the paper's "Acc2" / "F1";</li>
 *   <li>{@code Acc_3} / {@code F1_score_3}: 3-way argmax against the 3-class label;</li>
 *   <li>{@code Acc_7} / {@code F1_score_7}: 7-way argmax against the 7-class label (the paper's "Acc7").</li>
 * </ul>
 * F1 is scikit-learn's support-weighted F1 over the union of true and predicted labels.
 */
public enum Metric {
    HAS0_ACC_2("Has0_acc_2", Labels.Task.BINARY, Variant.HAS0, false),
    HAS0_F1_SCORE("Has0_F1_score", Labels.Task.BINARY, Variant.HAS0, true),
    NON0_ACC_2("Non0_acc_2", Labels.Task.BINARY, Variant.NON0, false),
    NON0_F1_SCORE("Non0_F1_score", Labels.Task.BINARY, Variant.NON0, true),
    ACC_3("Acc_3", Labels.Task.BINARY, Variant.ALL, false),
    F1_SCORE_3("F1_score_3", Labels.Task.BINARY, Variant.ALL, true),
    ACC_7("Acc_7", Labels.Task.SEVEN, Variant.ALL, false),
    F1_SCORE_7("F1_score_7", Labels.Task.SEVEN, Variant.ALL, true);

    /** How samples, prediction columns and truths are chosen. */
    enum Variant { HAS0, NON0, ALL }

    private final String referenceName;
    private final Labels.Task task;
    private final Variant variant;
    private final boolean f1;

    Metric(String referenceName, Labels.Task task, Variant variant, boolean f1) {
        this.referenceName = referenceName;
        this.task = task;
        this.variant = variant;
        this.f1 = f1;
    }

    /** The reference's key, e.g. {@code Non0_acc_2}. */
    public String referenceName() { return referenceName; }

    /** The task (number of classes C of the model output) this metric applies to. */
    public Labels.Task task() { return task; }

    /** True for the weighted-F1 metrics, false for accuracies. */
    public boolean isF1() { return f1; }

    Variant variant() { return variant; }

    /** The metrics of one task in the reference's order. */
    public static List<Metric> forTask(Labels.Task task) {
        return Arrays.stream(values()).filter(m -> m.task == task).collect(Collectors.toList());
    }

    /** The paper's headline metrics of a task: Non0 Acc2 and F1 (binary) or Acc7 (seven). */
    public static List<Metric> headline(Labels.Task task) {
        return task == Labels.Task.BINARY ? List.of(NON0_ACC_2, NON0_F1_SCORE) : List.of(ACC_7);
    }

    /**
     * Parses a reference name ({@code Has0_acc_2}, ...) or enum name ({@code HAS0_ACC_2});
     * an unknown name is an error listing the valid ones.
     */
    public static Metric parse(String name) {
        if (name != null) {
            String n = name.trim();
            for (Metric m : values()) {
                if (m.referenceName.equals(n) || m.name().equalsIgnoreCase(n)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "': expected one of "
                + Arrays.stream(values()).map(Metric::referenceName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() { return referenceName; }
}
