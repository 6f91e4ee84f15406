package io.batchlab.emulator;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of a stored file, readable any number of times as a stream. */
interface FileContent {

    long size();

    InputStream open() throws IOException;

    /** Frees the storage; the content is not read afterwards. */
    void discard() throws IOException;
}
