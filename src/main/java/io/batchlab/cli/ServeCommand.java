package io.batchlab.cli;

import io.batchlab.launcher.DashboardServer;
import io.batchlab.launcher.LocalAccessToken;
import io.batchlab.store.ExperimentStore;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab serve [--port P]}: the dashboard over the experiments tree on 127.0.0.1 until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the dashboard (read-only) on 127.0.0.1; open the printed address in a browser.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8090",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException("--port " + port + " is invalid: use 0 to 65535", 2);
        }
        ExperimentStore store = batchlab.store();
        LocalAccessToken token = LocalAccessToken.random();
        CountDownLatch stopped = new CountDownLatch(1);
        try (DashboardServer server = DashboardServer.start(store, port, token)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            System.out.println("batchlab dashboard for " + store.root() + " (read-only; Ctrl-C stops it):");
            System.out.println("  " + server.address() + "?" + "token=" + token.value());
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
