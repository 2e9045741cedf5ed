package dev.cider.model;

import ai.djl.ndarray.NDArray;

/**
 * One training mini-batch for the two-stage update (spec 5.1): the complete (teacher) view, the
 * incomplete (student) view, labels, the reconstruction targets and the dropped-position masks.
 *
 * @param teacher complete view (train prototypes and priors)
 * @param student incomplete view (missing tokens → [UNK] features, dropped frames zeroed)
 * @param labels (B) class indices
 * @param audioTarget complete audio (B, T_a, d_a), the audio reconstruction target
 * @param visionTarget complete vision (B, T_v, d_v)
 * @param textDropped (B, T_l) 1 where a text token was dropped (input mask − missing mask)
 * @param audioDropped (B, T_a) 1 where an audio frame was dropped
 * @param visionDropped (B, T_v) 1 where a vision frame was dropped
 */
public record DistillationBatch(CiderInput teacher, CiderInput student, NDArray labels, NDArray audioTarget,
                                NDArray visionTarget, NDArray textDropped, NDArray audioDropped,
                                NDArray visionDropped) {

    /** Every non-null array of the batch (both views, labels, targets, masks). */
    public NDArray[] arrays() {
        java.util.List<NDArray> out = new java.util.ArrayList<>();
        for (CiderInput in : new CiderInput[] {teacher, student}) {
            out.addAll(in.arrays());
        }
        for (NDArray a : new NDArray[] {labels, audioTarget, visionTarget, textDropped, audioDropped, visionDropped}) {
            if (a != null && out.stream().noneMatch(x -> x == a)) {
                out.add(a);
            }
        }
        return out.toArray(new NDArray[0]);
    }

    /** A copy whose arrays live in {@code manager}. */
    public DistillationBatch copyTo(ai.djl.ndarray.NDManager manager) {
        return new DistillationBatch(teacher.copyTo(manager), student.copyTo(manager), CiderInput.copy(labels, manager),
                CiderInput.copy(audioTarget, manager), CiderInput.copy(visionTarget, manager),
                CiderInput.copy(textDropped, manager), CiderInput.copy(audioDropped, manager),
                CiderInput.copy(visionDropped, manager));
    }

    NDArray[] dropped() {
        return new NDArray[] {textDropped, audioDropped, visionDropped};
    }
}
