package app.banter.platform.web;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The public and the management HTTP servers register the same Vert.x meters (http_server_bytes_read, ...). Quarkus
 * tags them with {@code server.port} only when a server's configured port is above 0, and Prometheus refuses a
 * second meter of one name with other tag keys, inside the server's acceptor: with one port fixed and the other
 * chosen at random (tests, a second instance), whichever server came second failed to start. Without the tag, the
 * two servers' meters always agree; requests stay apart by their uri tag.
 */
@Singleton
public class ServerMetrics {

    @Produces
    @Singleton
    MeterFilter oneTagSetForBothServers() {
        return MeterFilter.ignoreTags("server.port");
    }
}
