package dev.cider.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** The NumPy array decoding behind {@link MmsaPickleReader}, on hand-built payloads. */
class MmsaPickleArrayTest {

    private static byte[] floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void chunkedPayloadDecodesAcrossChunkBoundaries() throws Exception {
        // 2 GiB-plus arrays are held in chunks; a 16-byte chunk exercises the same code on 10 floats
        float[] v = {0.5f, -1f, 2.25f, 3f, 4f, 5.5f, -6f, 7f, 8f, 9.75f};
        byte[] raw = floatsLE(v);
        MmsaPickleBytes bytes = MmsaPickleBytes.read(new ByteArrayInputStream(raw), raw.length, 16);
        MmsaPickleArray a = new MmsaPickleArray(new MmsaPickleArray.DType("<f4"), new long[] {2, 5}, bytes, null);
        assertArrayEquals(v, a.floats(0, 10));
        assertArrayEquals(new float[] {3f, 4f, 5.5f, -6f, 7f}, a.floats(3, 5));
        assertEquals(9.75, a.getDouble(9));
        assertThrows(EOFException.class,
                () -> MmsaPickleBytes.read(new ByteArrayInputStream(raw), raw.length + 1, 16));
    }

    @Test
    void dtypesConvertExactly() {
        ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(-3).putLong(7);
        MmsaPickleArray i8 = new MmsaPickleArray(new MmsaPickleArray.DType(">i8"), new long[] {2},
                MmsaPickleBytes.of(be.array()), null);
        assertEquals(-3.0, i8.getDouble(0));
        assertEquals(7.0, i8.getDouble(1));
        MmsaPickleArray u1 = new MmsaPickleArray(new MmsaPickleArray.DType("|u1"), new long[] {1},
                MmsaPickleBytes.of(new byte[] {(byte) 200}), null);
        assertEquals(200.0, u1.getDouble(0));
        // float16 1.5 = 0x3e00, -2 = 0xc000
        MmsaPickleArray f2 = new MmsaPickleArray(new MmsaPickleArray.DType("<f2"), new long[] {2},
                MmsaPickleBytes.of(new byte[] {0x00, 0x3e, 0x00, (byte) 0xc0}), null);
        assertArrayEquals(new float[] {1.5f, -2f}, f2.floats(0, 2));
        MmsaPickleArray.DType u = new MmsaPickleArray.DType("U3");
        u.setState(new Object[] {3, "<", null, null, null, 12, 4, 8});
        byte[] s = "ab\0xyz".getBytes(Charset.forName("UTF-32LE"));
        MmsaPickleArray str = new MmsaPickleArray(u, new long[] {2}, MmsaPickleBytes.of(s), null);
        assertEquals("ab", str.getString(0));
        assertEquals("xyz", str.getString(1));
    }

    @Test
    void inconsistentPayloadsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MmsaPickleArray(new MmsaPickleArray.DType("<f4"),
                new long[] {3}, MmsaPickleBytes.of(new byte[8]), null));
        assertThrows(IllegalArgumentException.class, () -> new MmsaPickleArray.DType("<c16"));
        MmsaPickleArray a = new MmsaPickleArray();
        assertThrows(IllegalArgumentException.class,
                () -> a.setState(new Object[] {1, new Object[] {2, 2}, new MmsaPickleArray.DType("<f4"), true, new byte[16]}));
    }
}
