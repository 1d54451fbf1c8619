package app.banter.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates the five containers at start when banter.media.create-containers is on (idempotent, any number of pods at
 * once). A storage account that cannot be reached does not stop the start: uploads answer 502 until it can, and the
 * next start creates what is missing. Where infrastructure code creates the containers, the setting is off.
 */
@ApplicationScoped
class MediaContainers {

    private static final Logger LOG = Logger.getLogger(MediaContainers.class);

    void createAtStart(@Observes StartupEvent start, MediaConfig config, BlobStorage blobs) {
        if (!config.createContainers()) {
            return;
        }
        try {
            blobs.createContainers();
        } catch (RuntimeException e) {
            LOG.warnf("Media containers could not be created at start: %s", e.toString());
        }
    }
}
