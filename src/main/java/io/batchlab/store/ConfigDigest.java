package io.batchlab.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The sha256 of a run's {@code runs/RUN_ID/config.yaml} as written, in lowercase hex: status.json and every
 * results.json carry it, so an answer can be matched to the exact configuration that asked for it
 * ({@code sha256sum runs/RUN_ID/config.yaml} gives the same).
 */
public final class ConfigDigest {

    private ConfigDigest() {
    }

    public static String sha256(ExperimentStore store, RunId run) throws IOException {
        return sha256(store.configFile(run));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
