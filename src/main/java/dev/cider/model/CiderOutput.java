package dev.cider.model;

import ai.djl.ndarray.NDArray;

/**
 * What one CIDer forward pass returns (spec section 4.1 and 4.7).
 *
 * @param pred (B, C) log-probabilities (the MCM's log-mixture, or log-softmax with the linear head)
 * @param jointRep (B, 3D) the joint representation z (fusion output)
 * @param attentionScores (B·H, 3T_l, 3T_l) last MCT layer's raw scores, row b·H + h
 * @param mctOut (B, 3T_l, D) MCT output after the final LayerNorm
 * @param textFeatures (B, T_l, d_l) the text encoder output the pass used
 * @param reconText (B, T_l, d_l) text reconstruction, or null when not requested
 * @param reconAudio (B, T_a, d_a) audio reconstruction, or null
 * @param reconVision (B, T_v, d_v) vision reconstruction, or null
 */
public record CiderOutput(NDArray pred, NDArray jointRep, NDArray attentionScores, NDArray mctOut,
                          NDArray textFeatures, NDArray reconText, NDArray reconAudio, NDArray reconVision) {
}
