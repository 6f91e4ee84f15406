package io.batchlab.store;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A run identifier {@code YYYYMMDD_TYPE_MODEL_XXX}, e.g. {@code 20240408_CT_DS70B_001}.
 * Its string form sorts chronologically because the date leads and every field has a fixed shape.
 */
public record RunId(LocalDate date, String type, String model, int sequence) implements Comparable<RunId> {

    public static final int MAX_SEQUENCE = 999;
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    public RunId {
        if (date == null) {
            throw new IllegalArgumentException("run id date is missing");
        }
        checkCode("experiment type", type);
        checkCode("model code", model);
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException(
                    "run id sequence must be 001 to 999, got " + sequence);
        }
    }

    /** Checks a TYPE or MODEL code: 1–16 uppercase letters or digits. */
    public static void checkCode(String what, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(what + " '" + code
                    + "' is invalid: use 1-16 uppercase letters or digits (e.g. CT, OT, DS70B)");
        }
    }

    public static RunId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("run id is missing");
        }
        String[] parts = text.split("_", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("run id '" + text
                    + "' must have four parts YYYYMMDD_TYPE_MODEL_XXX, found " + parts.length);
        }
        LocalDate date;
        if (!parts[0].matches("\\d{8}")) {
            throw new IllegalArgumentException("run id '" + text + "': date part '" + parts[0]
                    + "' must be 8 digits YYYYMMDD");
        }
        try {
            date = LocalDate.parse(parts[0], DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("run id '" + text + "': date part '" + parts[0]
                    + "' is not a calendar date");
        }
        if (!parts[3].matches("\\d{3}")) {
            throw new IllegalArgumentException("run id '" + text + "': sequence part '" + parts[3]
                    + "' must be three digits 001-999");
        }
        try {
            return new RunId(date, parts[1], parts[2], Integer.parseInt(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run id '" + text + "': " + e.getMessage(), e);
        }
    }

    public RunId withSequence(int next) {
        return new RunId(date, type, model, next);
    }

    /** Without a formatter: the job builds each user's paths from it, several times per user. */
    @Override
    public String toString() {
        int year = date.getYear();
        String day = year >= 1000 && year <= 9999
                ? Integer.toString(year * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth())
                : DATE.format(date);
        return day + "_" + type + "_" + model + "_" + (sequence < 10 ? "00" : sequence < 100 ? "0" : "") + sequence;
    }

    @Override
    public int compareTo(RunId other) {
        return toString().compareTo(other.toString());
    }
}
