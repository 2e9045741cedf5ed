package dev.cider.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpzTest {

    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        int len = h.length();
        out.write(len & 0xff);
        out.write(len >> 8);
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void parsesFloat32Matrix() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i * 0.5f);
        }
        NpyArray a = Npz.parseNpy("x", npy("<f4", "2, 3", b.array()));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f, 2f, 2.5f}, a.floats());
    }

    @Test
    void parsesInt64Scalar() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-7);
        NpyArray a = Npz.parseNpy("s", npy("<i8", "", b.array()));
        assertEquals(0, a.shape().length);
        assertEquals(-7.0, a.scalar());
    }

    @Test
    void truncatedDataIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npz.parseNpy("t", npy("<f8", "4,", new byte[8])));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void djlEngineRunsOffline() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            assertEquals(14f, x.mul(x).sum().getFloat(), 0f);
        }
    }
}
