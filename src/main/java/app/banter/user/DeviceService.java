package app.banter.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;

@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;

    DeviceService(DeviceRepository devices) {
        this.devices = devices;
    }

    /**
     * Registers a push token for the user. A token already known moves to this user: it identifies an app install,
     * and whoever signed in on that phone last should get its notifications. One upsert, so that two registrations
     * of the same token racing each other both succeed.
     */
    @Transactional
    public DeviceView register(UUID userId, RegisterDeviceRequest request) {
        UUID id = devices.upsert(userId, request.fcmToken(), request.platform(), request.deviceId(), Instant.now());
        return DeviceView.of(devices.findById(id));
    }

    @Transactional
    public List<DeviceView> list(UUID userId) {
        return devices.listOwned(userId).stream().map(DeviceView::of).toList();
    }

    @Transactional
    public void remove(UUID userId, UUID deviceId) {
        Device device = devices.findOwned(userId, deviceId).orElseThrow(() -> ApiException.notFound("Device"));
        devices.delete(device);
    }

    void forget(@Observes AccountDeleted event) {
        devices.deleteOwnedBy(event.userId());
    }
}
