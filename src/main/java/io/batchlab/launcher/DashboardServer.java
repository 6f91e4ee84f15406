package io.batchlab.launcher;

import io.batchlab.server.ApiExceptionMapper;
import io.batchlab.server.ApiRequestGuard;
import io.batchlab.server.RunOperations;
import io.batchlab.server.RunsApiJson;
import io.batchlab.server.RunsResource;
import io.batchlab.server.SessionResource;
import io.batchlab.server.UsersResource;
import io.batchlab.store.ExperimentStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.ServletException;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/**
 * {@code batchlab serve}: the dashboard and the runs API's read side in Java SE, on 127.0.0.1 only. The API is the
 * WAR's own resource classes ({@link RunsResource}, {@link UsersResource}, {@link SessionResource}, with the same
 * providers) on RESTEasy over Undertow — the JAX-RS implementation and web server WildFly runs them on — wired by
 * hand instead of by CDI, over {@link RunOperations#readOnly}. The static
 * dashboard comes from the class path ({@code io/batchlab/dashboard/}, copied from src/main/webapp by the build).
 * Every request passes {@link LocalAccessToken} first.
 */
public final class DashboardServer implements AutoCloseable {

    static final String STATIC_FILES = "io/batchlab/dashboard/";

    private final Undertow undertow;
    private final DeploymentManager api;
    private final URI address;

    private DashboardServer(Undertow undertow, DeploymentManager api, URI address) {
        this.undertow = undertow;
        this.api = api;
        this.address = address;
    }

    /** Starts serving {@code store} on 127.0.0.1:{@code port} (0: any free port) behind {@code token}. */
    public static DashboardServer start(ExperimentStore store, int port, LocalAccessToken token)
            throws ServletException {
        RunOperations operations = RunOperations.readOnly(store);
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(new ReadOnlyApi(operations));
        DeploymentInfo info = new UndertowJaxrsServer().undertowDeployment(deployment, "/")
                .setContextPath("/api")
                .setDeploymentName("batchlab-api")
                .setClassLoader(DashboardServer.class.getClassLoader());
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(info);
        manager.deploy();
        HttpHandler apiHandler = manager.start();
        ResourceHandler files = new ResourceHandler(
                new ClassPathResourceManager(DashboardServer.class.getClassLoader(), STATIC_FILES))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
        HttpHandler routes = Handlers.path(files).addPrefixPath("/api", apiHandler);
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(token.guarding(routes))
                .build();
        undertow.start();
        int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return new DashboardServer(undertow, manager, URI.create("http://127.0.0.1:" + bound + "/"));
    }

    /** The dashboard's address without the token. */
    public URI address() {
        return address;
    }

    @Override
    public void close() {
        undertow.stop();
        try {
            api.stop();
        } catch (ServletException e) {
            throw new IllegalStateException("cannot stop the dashboard's API", e);
        }
        api.undeploy();
    }

    /** The WAR's resources for reading, and its providers (RestApplication lists the WAR's set). */
    private static final class ReadOnlyApi extends Application {

        private final RunOperations operations;

        ReadOnlyApi(RunOperations operations) {
            this.operations = operations;
        }

        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(SessionResource.class, RunsApiJson.class, ApiRequestGuard.class, ApiExceptionMapper.class);
        }

        @Override
        public Set<Object> getSingletons() {
            return Set.of(new RunsResource(operations), new UsersResource(operations));
        }
    }
}
