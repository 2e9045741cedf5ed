package dev.cider.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a run's checkpoint folder, held while {@link Trainer#fit()} trains or resumes.
 *
 * <p>The study's notebooks share trained runs through their checkpoint folders (see
 * {@code dev.cider.study.StudyRuns}), and the main command executes two notebooks side by side. Two
 * processes asking for the same run must not train it twice or interleave writes: the second waits
 * here until the first has finished, then resumes the finished checkpoint (no training). The lock is
 * an OS file lock on {@code <folder>.lock} (released by the OS if a process dies) plus a JVM-wide
 * lock per folder (file locks do not exclude threads of one JVM).
 */
public final class RunLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private RunLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Locks {@code checkpointDir} (a no-op lock for {@code null}), waiting for another holder and saying so
     * on {@code progress} (may be null).
     *
     * @throws UncheckedIOException naming the lock file when it cannot be created or locked
     */
    public static RunLock acquire(Path checkpointDir, PrintStream progress) {
        if (checkpointDir == null) {
            return new RunLock(null, null, null);
        }
        Path dir = checkpointDir.toAbsolutePath().normalize();
        Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
        ReentrantLock jvm = IN_JVM.computeIfAbsent(dir, k -> new ReentrantLock());
        if (!jvm.tryLock()) {
            say(progress, "waiting for another thread training " + dir);
            jvm.lock();
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(dir.getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.tryLock();
            if (fl == null) {
                say(progress, "waiting for another process training " + dir + " (lock " + lockFile + ")");
                fl = ch.lock();
            }
            return new RunLock(jvm, ch, fl);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            jvm.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock the run folder " + dir + " via " + lockFile + ": "
                        + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void say(PrintStream progress, String msg) {
        if (progress != null) {
            progress.println(msg);
            progress.flush();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do: the lock dies with the channel
            }
        }
    }

    /** Whether this lock guards a folder (false for the no-op lock of a run without checkpoints). */
    public boolean held() {
        return fileLock != null && fileLock.isValid();
    }

    @Override
    public void close() {
        if (jvmLock == null) {
            return;
        }
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException ignored) {
            // released when the channel closes
        } finally {
            closeQuietly(channel);
            jvmLock.unlock();
        }
    }
}
