package io.batchlab.request;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The custom ids of a user's batch lines. Short, fixed-shape and derived from the record's position, so that a
 * result line leads back to its record without a lookup table, and a rebuilt batch file gets the same ids.
 */
public final class CustomId {

    /** The one line of a per_user request. */
    public static final String WHOLE_USER = "user";

    private static final char PACK_SEPARATOR = ':';

    private static final Pattern RECORD = Pattern.compile("r(\\d{5,10})");

    private CustomId() {
    }

    /** {@code r00001} for the first record; more digits beyond 99999 records, so ids stay unique. */
    public static String forRecord(int recordIndex) {
        if (recordIndex < 1) {
            throw new IllegalArgumentException("record index starts at 1, got " + recordIndex);
        }
        // By hand: String.format parses its pattern on every call, and this runs once per request
        String digits = Integer.toString(recordIndex);
        return digits.length() >= 5 ? "r" + digits : "r" + "0".repeat(5 - digits.length()) + digits;
    }

    /**
     * A request's custom_id inside a pack of many users' requests: {@code USER_ID:CUSTOM_ID}. User ids hold no colon,
     * so it names the user unambiguously; the user's own files keep the plain custom_id, which a retry asks again
     * under, so both stay valid after a retry.
     */
    public static String inPack(String userId, String customId) {
        return userId + PACK_SEPARATOR + customId;
    }

    /** The user id and the user's own custom_id of a pack's custom_id; empty if {@code packed} is not one. */
    public static Optional<Packed> fromPack(String packed) {
        int colon = packed.indexOf(PACK_SEPARATOR);
        if (colon < 1 || colon == packed.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Packed(packed.substring(0, colon), packed.substring(colon + 1)));
    }

    /** A pack's custom_id taken apart. */
    public record Packed(String userId, String customId) {
    }

    /** The 1-based record index of a per_record custom id, or empty if {@code customId} is not one. */
    public static OptionalInt recordIndex(String customId) {
        Matcher matcher = RECORD.matcher(customId);
        if (!matcher.matches()) {
            return OptionalInt.empty();
        }
        long index = Long.parseLong(matcher.group(1));
        return index >= 1 && index <= Integer.MAX_VALUE ? OptionalInt.of((int) index) : OptionalInt.empty();
    }
}
