package io.batchlab.store;

import java.util.Arrays;

/**
 * 64-bit hashes of the ids seen so far, in a primitive open-addressing table: about 16 bytes per id instead of
 * a String each. A repeated hash only means "maybe seen"; the caller confirms it exactly.
 */
final class SeenIdHashes {

    private static final long EMPTY = 0L;
    private static final long STAND_IN_FOR_EMPTY = 0x9E3779B97F4A7C15L;

    private long[] table = new long[1024];
    private int size;

    /** Records the id's hash; false if that hash was already recorded. */
    boolean add(String id) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        boolean added = insert(table, hash(id));
        if (added) {
            size++;
        }
        return added;
    }

    private static boolean insert(long[] into, long hash) {
        int mask = into.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            if (into[slot] == hash) {
                return false;
            }
            if (into[slot] == EMPTY) {
                into[slot] = hash;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        Arrays.stream(old).filter(hash -> hash != EMPTY).forEach(hash -> insert(bigger, hash));
        table = bigger;
    }

    /** FNV-1a over the chars, then the MurmurHash3 finalizer to spread the low bits used for slots. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? STAND_IN_FOR_EMPTY : h;
    }
}
