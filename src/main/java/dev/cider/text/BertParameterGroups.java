package dev.cider.text;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BERT's optimizer parameter groups in the reference (spec 5.2): parameters whose HuggingFace names
 * contain none of {@code bias}, {@code LayerNorm.bias}, {@code LayerNorm.weight} get lr 5e-5 and
 * weight decay 0.001 (coupled L2 as in {@code torch.optim.Adam}, not AdamW); biases and LayerNorm
 * gamma/beta get lr 5e-5 and no decay. All other (CIDer) parameters use lr 1e-3 without decay.
 *
 * <p>In this DJL port the rule is by parameter type: {@link Parameter.Type#WEIGHT} (dense kernels,
 * word/position/token-type embeddings) decays; BIAS, GAMMA and BETA do not. A DJL optimizer sees
 * parameter ids in {@code Optimizer.update(parameterId, weight, grad)}; use {@link #isBert(String)}
 * and {@link #isDecayed(String)} to dispatch.
 *
 * @param decay parameters with weight decay (by path name and parameter)
 * @param noDecay parameters without weight decay
 * @param learningRate the reference BERT learning rate (5e-5)
 * @param weightDecay the reference BERT weight decay (0.001)
 */
public record BertParameterGroups(List<Pair<String, Parameter>> decay, List<Pair<String, Parameter>> noDecay,
                                  float learningRate, float weightDecay) {
    /** Reference BERT learning rate ({@code lr_bert}). */
    public static final float REFERENCE_LEARNING_RATE = 5e-5f;
    /** Reference BERT weight decay ({@code weight_decay_bert}) on non-bias, non-LayerNorm weights. */
    public static final float REFERENCE_WEIGHT_DECAY = 1e-3f;

    /** Groups every parameter of {@code bert} (path names as in {@code Block.getParameters()}). */
    public static BertParameterGroups of(Block bert) {
        List<Pair<String, Parameter>> decay = new ArrayList<>();
        List<Pair<String, Parameter>> noDecay = new ArrayList<>();
        for (Pair<String, Parameter> p : bert.getParameters()) {
            (p.getValue().getType() == Parameter.Type.WEIGHT ? decay : noDecay).add(p);
        }
        return new BertParameterGroups(Collections.unmodifiableList(decay), Collections.unmodifiableList(noDecay),
                REFERENCE_LEARNING_RATE, REFERENCE_WEIGHT_DECAY);
    }

    /** Ids of the decayed parameters. */
    public Set<String> decayIds() {
        return ids(decay);
    }

    /** Ids of the parameters without decay. */
    public Set<String> noDecayIds() {
        return ids(noDecay);
    }

    /** Whether the parameter id belongs to BERT. */
    public boolean isBert(String parameterId) {
        return decayIds().contains(parameterId) || noDecayIds().contains(parameterId);
    }

    /** Whether the parameter id is a decayed BERT weight. */
    public boolean isDecayed(String parameterId) {
        return decayIds().contains(parameterId);
    }

    /** Number of scalar parameters in both groups (shapes must be known: after initialize). */
    public long size() {
        long n = 0;
        for (Pair<String, Parameter> p : decay) {
            n += p.getValue().getArray().size();
        }
        for (Pair<String, Parameter> p : noDecay) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private static Set<String> ids(List<Pair<String, Parameter>> list) {
        Set<String> out = new LinkedHashSet<>();
        for (Pair<String, Parameter> p : list) {
            out.add(p.getValue().getId());
        }
        return Collections.unmodifiableSet(out);
    }
}
