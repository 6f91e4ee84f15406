package io.batchlab.emulator;

/** The files a finished batch left: either may be null (no answered line, no failed line). */
record BatchResults(String outputFileId, String errorFileId) {
}
