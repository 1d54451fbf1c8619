package app.banter.user;

import java.time.Instant;
import java.util.UUID;

public record DeviceView(UUID id, DevicePlatform platform, Instant registeredAt) {

    static DeviceView of(Device device) {
        return new DeviceView(device.id, device.platform, device.updatedAt);
    }
}
