/**
 * Training and evaluation of CIDer (paper III-D/E and IV-B; reference spec sections 2.4-2.5, 4.6,
 * 4.8, 5 and 10).
 *
 * <ul>
 *   <li>{@link dev.cider.train.TrainConfig}: every hyper-parameter, reference defaults, strict JSON.</li>
 *   <li>{@link dev.cider.train.Trainer}: the two-stage update per batch (teacher step, then student
 *       step with the distillation losses; {@link dev.cider.model.TwoStageUpdate}), the reference's Adam
 *       groups, validation-based early stopping, per-epoch resumable checkpoints
 *       ({@link dev.cider.train.Checkpoint}, CRC-protected) and a clear error on a non-finite loss.
 *       <pre>{@code
 * try (Trainer t = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir)
 *         .optProgress(System.out).build()) {
 *     Trainer.Result r = t.fit();              // resumes from dir/last.ckpt if present
 *     Evaluator ev = t.evaluator();
 *     Evaluator.Grid g = ev.grid(data, "test", "RMFM", Auilc.standardRates(), 1111,
 *             Evaluator.Protocol.PAPER, Double.NaN);
 * }
 *       }</pre></li>
 *   <li>{@link dev.cider.train.Evaluator}: predictions with the counterfactual text, the paper and the
 *       clean protocol, rate grids (nested masks, AUILC) and the seven SMM cases, tidy output through
 *       {@link dev.cider.eval.ResultsWriter}.</li>
 *   <li>{@link dev.cider.train.ClassPrototypes}: the MCM's class prototypes and priors computed from a
 *       split (pooling documented there).</li>
 *   <li>{@link dev.cider.train.TextFeatures}: the text input: frozen BERT-base input embeddings on CPU
 *       (not the paper's fine-tuned BERT), BERT fine-tuning on GPU, or labelled random embeddings.</li>
 *   <li>{@link dev.cider.train.Bench}: the benchmark command {@code mvn -q -B exec:java@bench}.</li>
 * </ul>
 *
 * Randomness: the run's {@link dev.cider.train.SplitMixRng} (state saved in checkpoints) decides the
 * shuffling, a seed per batch for the training masks and a seed per batch for the engine's dropout.
 */
package dev.cider.train;
