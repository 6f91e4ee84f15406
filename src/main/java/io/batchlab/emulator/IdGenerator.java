package io.batchlab.emulator;

import java.time.Clock;
import java.util.Random;

/** Groq-style ids such as {@code file_01jh6x76wtemjr74t1fh0faj5t}: a prefix and a lowercase ULID (time, then seeded randomness). */
final class IdGenerator {

    private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final Clock clock;
    private final Random random;

    IdGenerator(Clock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    synchronized String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        long time = clock.millis();
        for (int shift = 45; shift >= 0; shift -= 5) {
            id.append(CROCKFORD[(int) (time >>> shift) & 31]);
        }
        for (int i = 0; i < 16; i++) {
            id.append(CROCKFORD[random.nextInt(32)]);
        }
        return id.toString();
    }
}
