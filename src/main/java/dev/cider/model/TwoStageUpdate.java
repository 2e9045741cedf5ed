package dev.cider.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * CIDer's per-batch two-stage update (spec 5.1; oracle README "The training step"):
 * <ol>
 *   <li>zero the gradients;</li>
 *   <li>teacher (complete-view) pass in train mode → task NLL → backward → Adam step 1 (only
 *       parameters that got a gradient: the reconstruction heads are skipped);</li>
 *   <li>student (incomplete-view) pass with the <b>updated</b> weights; teacher z, raw scores and
 *       text features from step 2 are detached targets; total student loss → backward;</li>
 *   <li>Adam step 2.</li>
 * </ol>
 * {@link Mode#REFERENCE} does not zero the gradients between the steps, as the reference: step 2
 * applies grad_teacher(θ0) + grad_student(θ1), and the reconstruction heads have step count 1.
 * {@link Mode#ZERO_GRAD_BETWEEN} is the corrected variant: one clean step per pass.
 */
public final class TwoStageUpdate {
    /** Whether gradients are cleared between the two steps. */
    public enum Mode {
        /** The reference: no zero_grad between the steps (teacher gradient applied twice). */
        REFERENCE,
        /** Corrected: gradients cleared (PyTorch {@code set_to_none}) between the steps. */
        ZERO_GRAD_BETWEEN
    }

    /** The scalar losses of one update, as floats. */
    public record StepResult(float teacherTask, float studentTask, float jointRep, float attnKl, float reconText,
                             float reconAudio, float reconVision, float reconTotal, float total) {
    }

    private final CiderModel model;
    private final ReferenceAdam optimizer;
    private final CiderLosses.Weights weights;
    private final Mode mode;
    private final Runnable beforeBackward;

    private TwoStageUpdate(Builder b) {
        model = b.model;
        optimizer = b.optimizer;
        weights = b.weights;
        mode = b.mode;
        beforeBackward = b.beforeBackward;
    }

    /** A builder: {@code setModel}, {@code setOptimizer}; optional weights, mode. */
    public static Builder builder() { return new Builder(); }

    /** Zeroes every model parameter's gradient in place. */
    public static void zeroGradients(CiderModel model) {
        for (var pair : model.getParameters()) {
            NDArray a = pair.getValue().getArray();
            if (a.hasGradient()) {
                try (NDArray g = a.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /**
     * Runs the two-stage update on one batch. Each view is copied into a sub-manager of the batch's
     * text-mask manager, so the teacher pass's intermediates are freed before the student pass
     * (only its detached targets are kept) and every intermediate is freed before returning.
     */
    public StepResult step(DistillationBatch input) {
        NDManager base = input.teacher().textMask().getManager();
        try (NDManager scope = base.newSubManager()) {
            zeroGradients(model);
            Set<Parameter> withGrad = new LinkedHashSet<>();
            NDArray teacherZ;
            NDArray teacherScores;
            NDArray teacherText;
            float teacherLoss;
            // teacher pass in its own scope: its intermediates are freed once the detached targets are kept
            try (NDManager ts = scope.newSubManager()) {
                TrackingParameterStore ps = new TrackingParameterStore(ts);
                CiderInput teacher = input.teacher().copyTo(ts);
                NDArray labels = CiderInput.copy(input.labels(), ts);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    CiderOutput t = model.forward(ps, teacher, true, false, null);
                    NDArray loss = CiderLosses.taskNll(t.pred(), labels);
                    if (beforeBackward != null) {
                        beforeBackward.run();
                    }
                    gc.backward(loss);
                    teacherLoss = loss.getFloat();
                    teacherZ = keep(t.jointRep().stopGradient(), scope);
                    teacherScores = keep(t.attentionScores().stopGradient(), scope);
                    teacherText = keep(t.textFeatures().stopGradient(), scope);
                }
                withGrad.addAll(ps.used());
            }
            optimizer.step(withGrad);
            if (mode == Mode.ZERO_GRAD_BETWEEN) {
                zeroGradients(model);
                withGrad.clear();
            }
            CiderLosses.Terms terms;
            TrackingParameterStore ps = new TrackingParameterStore(scope);
            DistillationBatch batch = new DistillationBatch(null, input.student().copyTo(scope),
                    CiderInput.copy(input.labels(), scope), CiderInput.copy(input.audioTarget(), scope),
                    CiderInput.copy(input.visionTarget(), scope), CiderInput.copy(input.textDropped(), scope),
                    CiderInput.copy(input.audioDropped(), scope), CiderInput.copy(input.visionDropped(), scope));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                CiderOutput s = model.forward(ps, batch.student(), true, true, null);
                terms = CiderLosses.student(s, teacherZ, teacherScores, teacherText, batch.labels(),
                        batch.audioTarget(), batch.visionTarget(), batch.dropped(), weights);
                if (beforeBackward != null) {
                    beforeBackward.run();
                }
                gc.backward(terms.total());
            }
            withGrad.addAll(ps.used());
            optimizer.step(withGrad);
            return new StepResult(teacherLoss, terms.task().getFloat(), terms.jointRep().getFloat(),
                    terms.attnKl().getFloat(), terms.reconText().getFloat(), terms.reconAudio().getFloat(),
                    terms.reconVision().getFloat(), terms.reconTotal().getFloat(), terms.total().getFloat());
        }
    }

    private static NDArray keep(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    public Mode mode() { return mode; }

    public CiderLosses.Weights weights() { return weights; }

    /** Builder of {@link TwoStageUpdate}. */
    public static final class Builder {
        private CiderModel model;
        private ReferenceAdam optimizer;
        private CiderLosses.Weights weights = CiderLosses.Weights.REFERENCE;
        private Mode mode = Mode.REFERENCE;
        private Runnable beforeBackward;

        public Builder setModel(CiderModel m) { model = Objects.requireNonNull(m, "model"); return this; }

        public Builder setOptimizer(ReferenceAdam o) { optimizer = Objects.requireNonNull(o, "optimizer"); return this; }

        /** Student loss weights (default 0.5 / 0.1 / 0.6). */
        public Builder optWeights(CiderLosses.Weights w) { weights = Objects.requireNonNull(w, "weights"); return this; }

        /** Gradient handling between the steps (default {@link Mode#REFERENCE}). */
        public Builder optMode(Mode m) { mode = Objects.requireNonNull(m, "mode"); return this; }

        /** A hook run between each forward and backward (tests force {@code System.gc()} there). */
        public Builder optBeforeBackward(Runnable r) { beforeBackward = r; return this; }

        public TwoStageUpdate build() {
            if (model == null || optimizer == null) {
                throw new IllegalArgumentException("TwoStageUpdate needs setModel and setOptimizer");
            }
            return new TwoStageUpdate(this);
        }
    }
}
