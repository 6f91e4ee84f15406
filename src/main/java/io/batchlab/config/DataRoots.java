package io.batchlab.config;

import io.batchlab.store.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The directories a server reads configs, users files and input data from — and nothing outside them, also not through
 * a symbolic link or {@code ..}. MicroProfile Config {@value #CONFIG_KEY} lists them (comma-separated absolute paths);
 * on WildFly the default is {@code ${jboss.server.data.dir}/batchlab-inputs}. In Java SE the person running batchlab
 * reads their own files, so nothing is confined unless the key is set.
 */
public final class DataRoots {

    public static final String CONFIG_KEY = "batchlab.server.data-roots";
    static final String WILDFLY_DEFAULT = "batchlab-inputs";

    private final List<Path> roots;
    private final boolean confined;

    private DataRoots(List<Path> roots, boolean confined) {
        this.roots = List.copyOf(roots);
        this.confined = confined;
    }

    public static DataRoots unconfined() {
        return new DataRoots(List.of(), false);
    }

    /** Reads only under {@code roots} (absolute directories; symbolic links among them are resolved). */
    public static DataRoots of(List<Path> roots) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException(CONFIG_KEY + " must list absolute directories, was " + root);
            }
            Path resolved = realOrNull(root);
            real.add(resolved == null ? root.normalize() : resolved);
        }
        return new DataRoots(real, true);
    }

    /** As the administrator configured it (see the class comment). */
    public static DataRoots configured() {
        Optional<String> listed = setting();
        if (listed.isPresent()) {
            return of(Arrays.stream(listed.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(Path::of).toList());
        }
        if (!Deployment.onServer()) {
            return unconfined();
        }
        String dataDir = System.getProperty("jboss.server.data.dir");
        return of(dataDir == null ? List.of() : List.of(Path.of(dataDir, WILDFLY_DEFAULT)));
    }

    public boolean confined() {
        return confined;
    }

    /** Where relative paths and inline configs resolve: the first root (confined) or the working directory. */
    public Path base() {
        return confined && !roots.isEmpty() ? roots.get(0) : Path.of("").toAbsolutePath();
    }

    /**
     * The path to read for {@code path}: resolved against {@link #base()}, with every symbolic link followed, and
     * inside a root.
     *
     * @param what names the path in the message, e.g. {@code "config"} or {@code "input.jsonl"}
     * @throws OutsideDataRootsException when it leads outside every root; the message says which roots are allowed,
     *                                   never whether the path exists
     */
    public Path readable(Path path, String what) {
        Path absolute = base().resolve(path).toAbsolutePath().normalize();
        if (!confined) {
            return absolute;
        }
        Path real = realOrNull(absolute);
        if (real == null || roots.stream().noneMatch(real::startsWith)) {
            throw new OutsideDataRootsException(what + " " + path + " is outside the directories this server reads "
                    + "from: " + describe() + ". Put the file there, or send the config and users inline in the "
                    + "request (an administrator sets the directories with " + CONFIG_KEY + ")");
        }
        return real;
    }

    public String describe() {
        return roots.isEmpty() ? "none configured"
                : roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * The real path of the longest existing prefix plus the rest: a link anywhere on the way is followed, and a
     * missing file is judged by where its existing parent really is. Null for a link that leads nowhere.
     */
    private static Path realOrNull(Path absolute) {
        Path normal = absolute.toAbsolutePath().normalize();
        Path existing = normal;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return normal;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(normal)).normalize();
        } catch (IOException dangling) {
            return null;
        }
    }

    private static Optional<String> setting() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(CONFIG_KEY, String.class).filter(s -> !s.isBlank());
        } catch (IllegalStateException | ServiceConfigurationError noConfigImplementation) {
            return Optional.ofNullable(System.getProperty(CONFIG_KEY)).filter(s -> !s.isBlank());
        }
    }
}
