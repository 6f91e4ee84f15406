package io.batchlab.cli;

import io.batchlab.emulator.EmulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code batchlab emulator}: the Groq-compatible emulator as a standalone server until killed. */
@Command(name = "emulator", description = "Serve the Groq-compatible emulator (not an LLM) on 127.0.0.1.")
final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "Port (0 = a free one, printed).", defaultValue = "0")
    int port;

    @Unmatched
    List<String> knobs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
        args.addAll(knobs);
        EmulatorMain.main(args.toArray(String[]::new));
        return 0;
    }
}
