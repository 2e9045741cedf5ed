package dev.cider.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw bytes of a NumPy array payload inside a pickle, held in chunks of 1 GiB so that arrays
 * larger than Java's 2 GiB array limit (MMSA MOSEI unaligned audio is about 2.4 GB) can be read.
 * Helper of {@link MmsaPickleReader}.
 */
final class MmsaPickleBytes {
    /** Chunk size: a multiple of 8, so no 1/2/4/8-byte element straddles two chunks. */
    static final int CHUNK = 1 << 30;

    private final byte[][] chunks;
    private final long length;
    private final int chunk;

    private MmsaPickleBytes(byte[][] chunks, long length, int chunk) {
        this.chunks = chunks;
        this.length = length;
        this.chunk = chunk;
    }

    /** Wraps one array without copying. */
    static MmsaPickleBytes of(byte[] bytes) {
        return new MmsaPickleBytes(new byte[][] {bytes}, bytes.length, Math.max(bytes.length, 8));
    }

    /** Reads exactly {@code length} bytes; a short stream is an {@link EOFException}. */
    static MmsaPickleBytes read(InputStream in, long length) throws IOException {
        return read(in, length, CHUNK);
    }

    /** As {@link #read(InputStream, long)} with another chunk size (a multiple of 8; small in tests). */
    static MmsaPickleBytes read(InputStream in, long length, int chunkSize) throws IOException {
        if (length < 0) {
            throw new IOException("negative payload length " + length);
        }
        if (chunkSize < 8 || chunkSize % 8 != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 8: " + chunkSize);
        }
        final int CHUNK = chunkSize;
        int n = (int) ((length + CHUNK - 1) / CHUNK);
        byte[][] chunks = new byte[Math.max(n, 1)][];
        if (n == 0) {
            chunks[0] = new byte[0];
        }
        long left = length;
        for (int c = 0; c < n; c++) {
            int size = (int) Math.min(CHUNK, left);
            byte[] chunk = new byte[size];
            int off = 0;
            while (off < size) {
                int r = in.read(chunk, off, size - off);
                if (r < 0) {
                    throw new EOFException("premature end of file: array payload needs " + length
                            + " bytes, only " + (length - left + off) + " present");
                }
                off += r;
            }
            chunks[c] = chunk;
            left -= size;
        }
        return new MmsaPickleBytes(chunks, length, CHUNK);
    }

    long length() { return length; }

    /** A little/big-endian view of the chunk holding byte {@code offset}, positioned there. */
    ByteBuffer view(long offset, ByteOrder order) {
        int c = (int) (offset / chunk);
        ByteBuffer b = ByteBuffer.wrap(chunks[c]).order(order);
        b.position((int) (offset % chunk));
        return b;
    }

    byte get(long offset) {
        return chunks[(int) (offset / chunk)][(int) (offset % chunk)];
    }

    /** Copies {@code n} bytes from {@code offset} (n &lt; 2 GiB). */
    byte[] copy(long offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = get(offset + i);
        }
        return out;
    }
}
