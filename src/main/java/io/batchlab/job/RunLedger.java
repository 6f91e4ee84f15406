package io.batchlab.job;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collection;

/**
 * The append-only record of a run's count moves, {@code experiments/.batchlab/ledgers/RUN_ID.ledger}, which lets the
 * recount at job start read one file instead of every user's files. Before a user's file is written an <em>intent</em>
 * naming the user is appended and forced to disk; after it, the user's new state. A recount replays it and checks the
 * files of every user with an intent but no state after it (the work a crash cut short) — so it never trusts a move
 * the files do not show, nor misses one they do. Not part of the experiments contract: delete it and the next recount
 * reads the files and writes it anew.
 * <p>
 * Format: a header (magic, run id, number of users, users.json's size and modification time), then records
 * {@code 'I' position:int length:byte id:ASCII} and {@code 'S' position:int state:byte}. A torn record at the end
 * (a kill during an append) is cut off.
 */
final class RunLedger implements Closeable {

    private static final byte[] MAGIC = "BLLEDGR1".getBytes(StandardCharsets.US_ASCII);
    static final byte INTENT = 'I';
    static final byte STATE = 'S';

    private final FileChannel channel;

    private RunLedger(FileChannel channel) {
        this.channel = channel;
    }

    static Path file(ExperimentStore store, RunId run) {
        return store.workDir().resolve("ledgers").resolve(run + ".ledger");
    }

    /** What identifies the run's users.json; a ledger written for another users.json is not trusted. */
    record Header(String runId, int total, long usersSize, long usersModified) {

        static Header of(ExperimentStore store, RunId run, int total) throws IOException {
            BasicFileAttributes users = Files.readAttributes(store.usersFile(run), BasicFileAttributes.class);
            return new Header(run.toString(), total, users.size(), users.lastModifiedTime().toMillis());
        }

        /** Whether the ledger was written for the run's users.json as it is now. */
        boolean matches(ExperimentStore store, RunId run) throws IOException {
            BasicFileAttributes users = Files.readAttributes(store.usersFile(run), BasicFileAttributes.class);
            return runId.equals(run.toString()) && usersSize == users.size()
                    && usersModified == users.lastModifiedTime().toMillis();
        }

        void writeTo(DataOutputStream out) throws IOException {
            out.write(MAGIC);
            out.writeUTF(runId);
            out.writeInt(total);
            out.writeLong(usersSize);
            out.writeLong(usersModified);
        }

        static Header readFrom(ByteBuffer in) throws LedgerException {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new LedgerException("not a batchlab ledger");
            }
            byte[] runId = new byte[in.getShort() & 0xFFFF];
            in.get(runId);
            return new Header(new String(runId, StandardCharsets.US_ASCII), in.getInt(), in.getLong(), in.getLong());
        }
    }

    /** A ledger that cannot be trusted; the recount reads the files instead. */
    static final class LedgerException extends IOException {
        LedgerException(String message) {
            super(message);
        }
    }

    /** Receives the records of a ledger in order. */
    interface Replay {
        void start(Header header) throws IOException;

        void intent(int position, String userId) throws IOException;

        void state(int position, RunCounts.UserState state) throws IOException;
    }

    /**
     * Replays the ledger into {@code replay} and cuts off a torn last record.
     *
     * @return the header
     * @throws NoSuchFileException when there is no ledger
     * @throws LedgerException     when it is not one this run can trust
     */
    static Header replay(Path file, Replay replay) throws IOException {
        int valid;
        Header header;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // read at memory speed: a million users' ledger is tens of MB, read once per execution
            ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            try {
                header = Header.readFrom(in);
            } catch (BufferUnderflowException torn) {
                throw new LedgerException("header cut off");
            }
            replay.start(header);
            valid = in.position();
            while (in.hasRemaining()) {
                try {
                    byte kind = in.get();
                    int position = in.getInt();
                    if (position < 0 || position >= header.total()) {
                        throw new LedgerException("position " + position + " outside the " + header.total()
                                + " users at byte " + valid);
                    }
                    if (kind == INTENT) {
                        byte[] id = new byte[in.get() & 0xFF];
                        in.get(id);
                        replay.intent(position, new String(id, StandardCharsets.US_ASCII));
                    } else if (kind == STATE) {
                        int state = in.get() & 0xFF;
                        if (state >= RunCounts.UserState.values().length) {
                            throw new LedgerException("state " + state + " at byte " + valid);
                        }
                        replay.state(position, RunCounts.UserState.values()[state]);
                    } else {
                        throw new LedgerException("record kind " + kind + " at byte " + valid);
                    }
                } catch (BufferUnderflowException torn) {
                    break;
                }
                valid = in.position();
            }
        }
        try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (cut.size() > valid) {
                cut.truncate(valid);
            }
        }
        return header;
    }

    /** Opens an existing ledger for appending. */
    static RunLedger append(Path file) throws IOException {
        return new RunLedger(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Writes a new ledger atomically: the header and whatever {@code content} writes. */
    static RunLedger create(Path file, Header header, Content content) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            header.writeTo(data);
            content.writeTo(data);
            data.flush();
        });
        return append(file);
    }

    @FunctionalInterface
    interface Content {
        void writeTo(DataOutputStream out) throws IOException;
    }

    static void writeIntent(DataOutputStream out, int position, String userId) throws IOException {
        byte[] id = userId.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(INTENT);
        out.writeInt(position);
        out.writeByte(id.length);
        out.write(id);
    }

    static void writeState(DataOutputStream out, int position, RunCounts.UserState state) throws IOException {
        out.writeByte(STATE);
        out.writeInt(position);
        out.writeByte(state.ordinal());
    }

    /** Appends the intents and forces them to disk, before the files they announce are written. */
    synchronized void intents(Collection<ListedUser> users) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(users.size() * (6 + 64));
        for (ListedUser user : users) {
            byte[] id = user.id().value().getBytes(StandardCharsets.US_ASCII);
            buffer.put(INTENT).putInt(Math.toIntExact(user.position())).put((byte) id.length).put(id);
        }
        write(buffer.flip());
        channel.force(false);
    }

    /**
     * Appends a user's state after an intent (NONE if the file was not written after all); not forced: an intent
     * without it makes the recount look at the files.
     */
    synchronized void state(long position, RunCounts.UserState state) throws IOException {
        write(ByteBuffer.allocate(6).put(STATE).putInt(Math.toIntExact(position)).put((byte) state.ordinal()).flip());
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
