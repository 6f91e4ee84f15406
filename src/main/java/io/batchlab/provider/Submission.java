package io.batchlab.provider;

/**
 * What the provider already holds for one user of one run, found after a crash so nothing is submitted twice.
 *
 * @param file the uploaded input file (found by its deterministic name), or null
 * @param batch the batch tagged with the run and user in its metadata, or null
 */
public record Submission(FileObject file, Batch batch) {
}
