package app.banter.platform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request-line and header limits the service answers with a problem document (414, 431). They sit below
 * quarkus.http.limits.max-initial-line-length and max-header-size, which are the HTTP decoder's hard caps: a request
 * over those is cut off by the decoder with a bare status before any of our code sees it.
 */
@ConfigMapping(prefix = "banter.http")
public interface HttpLimitsConfig {

    @WithDefault("4K")
    MemorySize maxUriLength();

    @WithDefault("16K")
    MemorySize maxHeaderSize();
}
