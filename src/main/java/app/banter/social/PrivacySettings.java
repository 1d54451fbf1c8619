package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;

import app.banter.user.AccountDeleted;

/** Who may reach a user: for now, whether direct messages are open to everyone or to friends only (the default). */
@ApplicationScoped
public class PrivacySettings {

    private final PrivacySettingsStore store;

    PrivacySettings(PrivacySettingsStore store) {
        this.store = store;
    }

    @Transactional
    public boolean areDmsOpenToEveryone(UUID userId) {
        return store.areDmsOpen(userId);
    }

    @Transactional
    public View get(UUID userId) {
        return new View(areDmsOpenToEveryone(userId));
    }

    @Transactional
    public View update(UUID userId, View settings) {
        store.saveDmsOpen(userId, settings.dmsOpenToEveryone(), Instant.now());
        return settings;
    }

    void forget(@Observes AccountDeleted event) {
        store.deleteAllOf(event.userId());
    }

    public record View(@NotNull Boolean dmsOpenToEveryone) {
    }
}
