package io.batchlab.launcher;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.provider.AllowedProviders;
import java.io.IOException;

/** Starts the built-in emulator in this process and lets this process send its key there (and only this process). */
public final class LocalEmulator {

    private LocalEmulator() {
    }

    public static GroqEmulator start(EmulatorSettings settings) throws IOException {
        GroqEmulator emulator = GroqEmulator.start(settings);
        AllowedProviders.startedHere(emulator.baseUri());
        return emulator;
    }
}
