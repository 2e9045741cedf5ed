package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Pictures of the model's masks, drawn as plain {@link BufferedImage}s (headless-safe) for the
 * notebooks: the WSAM mask of one sample (spec 4.2) and the seven MCA branch masks (spec 4.4).
 */
public final class ModelPictures {
    private static final Color ALLOWED = new Color(33, 102, 172);
    private static final Color BLOCKED = new Color(240, 240, 240);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ModelPictures() {}

    /**
     * The WSAM mask MASK_v of sample {@code b}: rows = text positions (T_l), columns = audio or
     * vision frames (T), blue = attended. [CLS], [SEP] and padding rows are empty.
     *
     * @param textMask (B, T_l) text validity mask
     * @param avMask (B, T) audio or vision validity mask
     * @param b the sample
     * @param what a caption, e.g. "audio"
     */
    public static BufferedImage wsamMask(NDArray textMask, NDArray avMask, int b, String what) {
        long batch = textMask.getShape().get(0);
        if (b < 0 || b >= batch) {
            throw new IllegalArgumentException("sample " + b + " outside the batch of " + batch);
        }
        NDArray mask = Wsam.referenceMask(textMask, avMask).get(new NDIndex("{}", b));
        int rows = Math.toIntExact(mask.getShape().get(0));
        int cols = Math.toIntExact(mask.getShape().get(1));
        float[] v = mask.toFloatArray();
        int cw = Math.max(1, Math.min(6, 900 / cols));
        int ch = Math.max(3, Math.min(8, 400 / rows));
        int left = 60;
        int top = 36;
        BufferedImage img = new BufferedImage(left + cols * cw + 20, top + rows * ch + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(TITLE);
        g.drawString("WSAM mask, sample " + b + " (" + what + "): text position x " + what + " frame", 8, 18);
        drawCells(g, v, rows, cols, left, top, cw, ch);
        g.setFont(LABEL);
        g.setColor(Color.DARK_GRAY);
        g.drawString("[CLS]", 8, top + ch);
        g.drawString("T_l=" + rows, 8, top + rows * ch);
        g.drawString("frames 0.." + (cols - 1) + " (blue = attended)", left, top + rows * ch + 18);
        g.dispose();
        return img;
    }

    /**
     * The seven MCA branches' allowed query→key pairs for three modality blocks of {@code t}
     * tokens (L, A, V): k = 0 LAV (full), 1 LA, 2 LV, 3 AV, 4 L, 5 A, 6 V. Rows of modalities
     * outside a branch are zeroed after the softmax, so they are drawn empty.
     */
    public static BufferedImage mcaMasks(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("block length must be >= 1, got " + t);
        }
        int n = 3 * t;
        int cell = Math.max(1, 150 / n);
        int panel = n * cell;
        int gap = 24;
        int top = 44;
        BufferedImage img = new BufferedImage(7 * (panel + gap) + gap, top + panel + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(TITLE);
        g.drawString("MCA branch masks: query (rows) x key (columns), token blocks L | A | V of " + t + " each", 8, 18);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < 7; k++) {
                float[] v = new float[n * n];
                if (k == 0) {
                    java.util.Arrays.fill(v, 1f);
                } else {
                    NDArray[] mk = MultimodalCompositeAttention.branchMasks(m, k, t);
                    float[] keyBias = mk[0].toFloatArray();
                    float[] rows = mk[1].toFloatArray();
                    for (int q = 0; q < n; q++) {
                        for (int c = 0; c < n; c++) {
                            v[q * n + c] = rows[q] == 1f && keyBias[c] == 0f ? 1f : 0f;
                        }
                    }
                }
                int x = gap + k * (panel + gap);
                drawCells(g, v, n, n, x, top, cell, cell);
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1f));
                for (int i = 1; i < 3; i++) {
                    g.drawLine(x + i * t * cell, top, x + i * t * cell, top + panel);
                    g.drawLine(x, top + i * t * cell, x + panel, top + i * t * cell);
                }
                g.setColor(Color.BLACK);
                g.setFont(LABEL);
                g.drawString("k=" + k + " SA[" + String.join(",", MultimodalCompositeAttention.BRANCH_NAMES[k].split(""))
                        + "]", x, top - 6);
            }
        }
        g.setFont(LABEL);
        g.drawString("blue = allowed; empty rows are zeroed after the softmax. Only k=0 applies attention dropout.",
                gap, top + panel + 22);
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    private static void drawCells(Graphics2D g, float[] v, int rows, int cols, int x0, int y0, int cw, int ch) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g.setColor(v[r * cols + c] > 0.5f ? ALLOWED : BLOCKED);
                g.fillRect(x0 + c * cw, y0 + r * ch, cw, ch);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, y0, cols * cw, rows * ch);
    }
}
