/**
 * Evaluation: the reference's metrics and &tau; sweep ({@link dev.cider.eval.Metrics}, {@link dev.cider.eval.Metric}),
 * AUILC ({@link dev.cider.eval.Auilc}), tidy results with provenance ({@link dev.cider.eval.ResultsWriter},
 * {@link dev.cider.eval.Manifest}, {@link dev.cider.eval.Provenance}) and the paper's own numbers
 * ({@link dev.cider.eval.PaperNumbers}, from {@code results/paper/}).
 *
 * <p>Protocols (reference spec sections 2.4, 2.5, 10.3):
 * <ul>
 *   <li><b>paper</b>: {@code Metrics.sweepAll} — each metric maximised over &tau; on the evaluated (test) labels,
 *       per missing rate; this is how every number in the paper was produced;</li>
 *   <li><b>clean</b>: {@code Metrics.cleanProtocol} / {@code chooseTau} + {@code evaluateAt} — one &tau; picked on
 *       validation, applied to test.</li>
 * </ul>
 */
package dev.cider.eval;
