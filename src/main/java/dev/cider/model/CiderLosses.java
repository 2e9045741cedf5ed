package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The CIDer losses, written by hand (spec section 5.1, oracle README "Losses"). DJL's built-in
 * losses are avoided: a DJL bug lets {@code mul/div/pow/maximum/minimum(Number)} free a scalar that
 * autograd still needs (platform notes), so every constant here is an NDArray made in the input's
 * manager.
 */
public final class CiderLosses {
    private CiderLosses() {}

    /** The weighted loss terms of one student pass (all scalars). */
    public record Terms(NDArray task, NDArray jointRep, NDArray attnKl, NDArray reconText, NDArray reconAudio,
                        NDArray reconVision, NDArray reconTotal, NDArray total) {
    }

    /** The loss weights of the student objective (reference {@code joint_rep_weight, attn_weight, recon_weight}). */
    public record Weights(float jointRep, float attn, float recon) {
        /** The shipped {@code main_run.py} values: 0.5, 0.1, 0.6. */
        public static final Weights REFERENCE = new Weights(0.5f, 0.1f, 0.6f);

        public Weights {
            for (float w : new float[] {jointRep, attn, recon}) {
                if (!Float.isFinite(w) || w < 0f) {
                    throw new IllegalArgumentException("loss weights must be finite and >= 0, got " + jointRep + ", "
                            + attn + ", " + recon);
                }
            }
        }
    }

    private static NDArray c(NDArray like, float v) {
        return like.getManager().create(v);
    }

    /**
     * Task loss: {@code NLLLoss(mean)} on log-probabilities (the MCM's log-mixture).
     *
     * @param logProbs (B, C)
     * @param labels (B) class indices (any integer type)
     */
    public static NDArray taskNll(NDArray logProbs, NDArray labels) {
        int classes = Math.toIntExact(logProbs.getShape().get(1));
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false);
        return logProbs.mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /**
     * Joint-representation distillation: 1 − mean_b cos(z_s, z_t), cosine as PyTorch's
     * {@code cosine_similarity} (each vector divided by max(‖·‖, 1e-8)). The teacher is not differentiated.
     */
    public static NDArray jointRepCosine(NDArray zStudent, NDArray zTeacher) {
        NDArray eps = c(zStudent, 1e-8f);
        NDArray t = zTeacher.stopGradient();
        NDArray ns = zStudent.norm(new int[] {1}, true).maximum(eps);
        NDArray nt = t.norm(new int[] {1}, true).maximum(eps);
        NDArray cos = zStudent.div(ns).mul(t.div(nt)).sum(new int[] {1});
        return c(zStudent, 1f).sub(cos.mean());
    }

    /**
     * Attention distillation: {@code kl_div(log_softmax(S_s), softmax(S_t), 'batchmean')} on the last
     * MCT layer's raw scores (B·H, N, N), softmax over keys: Σ p_t (log p_t − log_softmax(S_s)) / (B·H).
     */
    public static NDArray attentionKl(NDArray scoresStudent, NDArray scoresTeacher) {
        NDArray t = scoresTeacher.stopGradient();
        NDArray logPt = t.logSoftmax(-1);
        NDArray pt = t.softmax(-1);
        NDArray kl = pt.mul(logPt.sub(scoresStudent.logSoftmax(-1))).sum();
        return kl.div(c(scoresStudent, (float) scoresStudent.getShape().get(0)));
    }

    /**
     * MSSD reconstruction: SmoothL1 (β = 1), summed over {@code pred·m} vs {@code target·m}, divided
     * by (Σm · d + 1e-6), where m = input mask − missing mask marks the <b>dropped</b> positions.
     *
     * @param pred (B, T, d)
     * @param target (B, T, d), not differentiated
     * @param dropped (B, T) 1 where the position was dropped
     */
    public static NDArray reconstruction(NDArray pred, NDArray target, NDArray dropped) {
        NDManager m = pred.getManager();
        NDArray mask = dropped.toType(DataType.FLOAT32, false).expandDims(2);
        long d = pred.getShape().get(2);
        double denom = mask.sum().toType(DataType.FLOAT64, false).getDouble() * d + 1e-6;
        NDArray diff = pred.mul(mask).sub(target.stopGradient().mul(mask));
        NDArray ad = diff.abs();
        NDArray one = m.create(1f);
        NDArray half = m.create(0.5f);
        NDArray loss = NDArrays.where(ad.lt(one), diff.mul(diff).mul(half), ad.sub(half));
        return loss.sum().div(m.create((float) denom));
    }

    /**
     * The student objective (spec 5.1 step 3): task NLL + w_rep·L_rep + w_attn·L_attn + w_rec·L_rec,
     * L_rec = R_text + R_audio + R_vision.
     *
     * @param student the student pass (with reconstructions)
     * @param teacherJointRep teacher z (detached here)
     * @param teacherScores teacher last-layer raw scores (detached here)
     * @param teacherText teacher text-encoder output, the text reconstruction target
     * @param labels (B) class indices
     * @param audioTarget complete audio (B, T_a, d_a)
     * @param visionTarget complete vision (B, T_v, d_v)
     * @param dropped text/audio/vision dropped-position masks (B, T)
     * @param w loss weights
     */
    public static Terms student(CiderOutput student, NDArray teacherJointRep, NDArray teacherScores,
                                NDArray teacherText, NDArray labels, NDArray audioTarget, NDArray visionTarget,
                                NDArray[] dropped, Weights w) {
        if (student.reconText() == null) {
            throw new IllegalArgumentException("the student pass must be run with reconstruct = true");
        }
        NDArray task = taskNll(student.pred(), labels);
        NDArray rep = jointRepCosine(student.jointRep(), teacherJointRep);
        NDArray kl = attentionKl(student.attentionScores(), teacherScores);
        NDArray rt = reconstruction(student.reconText(), teacherText, dropped[0]);
        NDArray ra = reconstruction(student.reconAudio(), audioTarget, dropped[1]);
        NDArray rv = reconstruction(student.reconVision(), visionTarget, dropped[2]);
        NDArray rec = rt.add(ra).add(rv);
        NDArray total = task.add(rep.mul(c(task, w.jointRep()))).add(kl.mul(c(task, w.attn())))
                .add(rec.mul(c(task, w.recon())));
        return new Terms(task, rep, kl, rt, ra, rv, rec, total);
    }
}
