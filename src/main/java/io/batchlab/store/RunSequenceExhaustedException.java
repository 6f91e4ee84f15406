package io.batchlab.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** All sequences 001–999 of one date, type and model are taken; run ids never widen beyond three digits. */
public class RunSequenceExhaustedException extends IOException {

    public RunSequenceExhaustedException(LocalDate date, String type, String model, Path runsDir) {
        super("no free run id for " + DateTimeFormatter.BASIC_ISO_DATE.format(date) + "_" + type + "_" + model
                + ": sequences 001-" + RunId.MAX_SEQUENCE + " are all taken in " + runsDir
                + "; use another date, experiment type or model code");
    }
}
