package app.banter.user;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.security.Secrets;

@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;
    private final Users users;
    private final UserConfig config;

    DeviceService(DeviceRepository devices, Users users, UserConfig config) {
        this.devices = devices;
        this.users = users;
        this.config = config;
    }

    /**
     * Registers a push token for the user's session. A token already known moves to this user and session: it
     * identifies an app install, and whoever signed in on that phone last should get its notifications, until they
     * sign out. One upsert, so that two registrations of the same token racing each other both succeed.
     *
     * <p>
     * The user keeps their banter.users.devices-per-user most recently registered devices: this one always, and a phone
     * registering its token again counts as registered now, so that the phones in use stay and forgotten ones go.
     */
    @Transactional
    public DeviceView register(UUID userId, UUID sessionId, RegisterDeviceRequest request) {
        // The account's row lock first (as sign-in takes it before registering the phone's token): registrations of
        // one user follow each other, so that racing ones cannot each keep the cap's worth and leave more together.
        users.lock(userId);
        Instant now = Instant.now();
        UUID id = devices.upsert(userId, sessionId, request.fcmToken(), request.platform(), request.deviceId(), now);
        devices.keepNewest(userId, id, config.devicesPerUser());
        devices.rememberKeys(userId, Users.keysOf(request.deviceId(), request.fcmToken()).stream()
                .map(Secrets::sha256Hex).toList(), now);
        return DeviceView.of(devices.findById(id));
    }

    /** The sessions ended (sign-out, a ban, a reused refresh token): their phones get no more pushes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetSessions(Collection<UUID> sessionIds) {
        devices.deleteOfSessions(sessionIds);
    }

    @Transactional
    public List<DeviceView> list(UUID userId) {
        return devices.listOwned(userId).stream().map(DeviceView::of).toList();
    }

    @Transactional
    public void remove(UUID userId, UUID deviceId) {
        // One statement, not a read then an entity delete: a sign-out or the per-user cap removing the device in
        // between made the entity delete find no row, a 500 instead of the 404 of a device that is gone.
        if (devices.deleteOwned(userId, deviceId) == 0) {
            throw ApiException.notFound("Device");
        }
    }

    void forget(@Observes AccountDeleted event) {
        devices.deleteOwnedBy(event.userId());
        devices.forgetKeysOf(event.userId());
    }
}
