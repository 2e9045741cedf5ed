package dev.cider.model;

import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * A block whose parameters can be listed under the reference's PyTorch {@code state_dict} names
 * (oracle README, "Format and key naming"), so fixtures and checkpoints map onto DJL parameters.
 */
public interface TorchNamed {

    /**
     * Adds this block's parameters to {@code out}, each under {@code prefix + torchName}, in the
     * reference's registration order.
     *
     * @param prefix the block's own name in the reference plus a dot (empty at the top level)
     * @param out where the parameters go (insertion-ordered map recommended)
     */
    void torchParameters(String prefix, Map<String, Parameter> out);
}
