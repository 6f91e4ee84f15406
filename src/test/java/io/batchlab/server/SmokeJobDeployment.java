package io.batchlab.server;

import java.io.File;
import java.net.URISyntaxException;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.hamcrest.Matcher;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The packaged batchlab WAR plus the test-only job {@code smoke-job}, deployed under its own name. */
final class SmokeJobDeployment {

    static final String NAME = "batchlab-it.war";
    static final String CONTEXT_ROOT = "batchlab-it";
    static final String JOB = "smoke-job";

    private SmokeJobDeployment() {
    }

    static WebArchive create() {
        return ShrinkWrap.create(ZipImporter.class, NAME)
                .importFrom(packagedWar())
                .as(WebArchive.class)
                .addClass(SmokeBatchlet.class)
                .addAsWebInfResource("io/batchlab/server/smoke-job.xml", "classes/META-INF/batch-jobs/" + JOB + ".xml");
    }

    /** For tests that run inside the server: Arquillian ships only JUnit there, not AssertJ and Awaitility. */
    static WebArchive createForInContainerTests() {
        return create().addAsLibraries(jarOf(Assertions.class), jarOf(Awaitility.class), jarOf(Matcher.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + type.getName(), e);
        }
    }

    /** Failsafe runs after {@code package}, so the WAR under test is the one the build produced. */
    private static File packagedWar() {
        String path = System.getProperty("batchlab.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("The packaged WAR (system property batchlab.war = " + path
                    + ") does not exist: run the ITs through `./mvnw verify`, which builds it first.");
        }
        return new File(path);
    }
}
