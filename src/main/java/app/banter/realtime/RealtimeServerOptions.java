package app.banter.realtime;

import jakarta.enterprise.context.Dependent;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The websocket limits of the HTTP server that serves {@code /ws}. Client frames are small JSON objects, so anything
 * over {@link RealtimeConfig#maxMessageSize()} closes that connection with 1009. No compression: a client that offers
 * permessage-deflate (browsers do) would keep a zlib deflater and inflater for the life of its socket, about 300 KiB of
 * native memory each (zlib's own figures for its default window and memory level), ten times what an idle connection
 * costs otherwise, to save a few hundred bytes on events that small.
 */
@Dependent
public class RealtimeServerOptions implements HttpServerOptionsCustomizer {

    private final RealtimeConfig config;

    RealtimeServerOptions(RealtimeConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        customize(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customize(options);
    }

    private void customize(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(config.maxMessageSize());
        options.setMaxWebSocketMessageSize(config.maxMessageSize());
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setPerFrameWebSocketCompressionSupported(false);
    }
}
