package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.platform.error.ApiException;
import app.banter.user.AccountDeleted;

/**
 * Who may reach a user: whether direct messages are open to everyone or to friends only (the default), whether they
 * appear in Discover's "online now" list (off by default), and who may ring their phone through the phone network
 * (friends by default).
 */
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
        return store.settingsOf(userId);
    }

    /** Changes the settings named; the others stay as they are. */
    @Transactional
    public View update(UUID userId, Change change) {
        if (change.dmsOpenToEveryone() == null && change.listedInOnlineNow() == null
                && change.phoneCallsFrom() == null) {
            throw ApiException.badRequest("VALIDATION_FAILED",
                    "Give dmsOpenToEveryone, listedInOnlineNow or phoneCallsFrom");
        }
        Instant now = Instant.now();
        if (change.dmsOpenToEveryone() != null) {
            store.saveDmsOpen(userId, change.dmsOpenToEveryone(), now);
        }
        if (change.listedInOnlineNow() != null) {
            store.saveListedOnline(userId, change.listedInOnlineNow(), now);
        }
        if (change.phoneCallsFrom() != null) {
            store.savePhoneCallsFrom(userId, change.phoneCallsFrom(), now);
        }
        return get(userId);
    }

    void forget(@Observes AccountDeleted event) {
        store.deleteAllOf(event.userId());
    }

    public record View(boolean dmsOpenToEveryone,
            @Schema(description = "Listed in Discover's \"online now\" while online (off by default)")
            boolean listedInOnlineNow,
            @Schema(description = "Who may ring your phone through the phone network (calls with carrier PHONE); "
                    + "FRIENDS by default")
            PhoneCallsFrom phoneCallsFrom) {
    }

    /** A partial change: absent settings stay as they are; at least one is needed. */
    public record Change(@Schema(nullable = true) Boolean dmsOpenToEveryone,
            @Schema(nullable = true) Boolean listedInOnlineNow,
            @Schema(nullable = true) PhoneCallsFrom phoneCallsFrom) {
    }
}
