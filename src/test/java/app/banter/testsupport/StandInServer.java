package app.banter.testsupport;

import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The WireMock server of one provider's stand-in: started when first asked for, stopped with its test resource, which
 * Quarkus does when a test profile's application stops. Each profile loads the stand-ins again, in a class loader of
 * its own, and starts servers of its own: left running until the end of the run, every profile's servers kept their
 * threads, about 65 a profile.
 */
final class StandInServer {

    private final String name;
    private final Supplier<WireMockServer> create;
    private final Consumer<WireMockServer> defaults;
    private WireMockServer server;
    private Thread stopAtExit;

    /**
     * @param create the server, not yet started
     * @param defaults what it answers until a test says otherwise, set once it has started
     */
    StandInServer(String name, Supplier<WireMockServer> create, Consumer<WireMockServer> defaults) {
        this.name = name;
        this.create = create;
        this.defaults = defaults;
    }

    synchronized WireMockServer get() {
        if (server == null) {
            server = create.get();
            server.start();
            // For a run that ends without stopping its test resources.
            stopAtExit = new Thread(server::stop, name + "-stand-in-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
            defaults.accept(server);
        }
        return server;
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop();
        server = null;
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // Stopped by Quarkus's own shutdown hook: the JVM is exiting anyway.
        }
    }
}
