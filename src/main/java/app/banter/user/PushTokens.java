package app.banter.user;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The FCM registration tokens of users' devices, for push notifications. */
@ApplicationScoped
public class PushTokens {

    /** A device's token as registered now; the platform decides the push's platform-specific part. */
    public record PushToken(UUID deviceId, UUID userId, String token, boolean android) {
    }

    private final DeviceRepository devices;

    PushTokens(DeviceRepository devices) {
        this.devices = devices;
    }

    /** The devices of these users; users without one have none. */
    @Transactional
    public List<PushToken> ofUsers(Collection<UUID> userIds) {
        return userIds.isEmpty() ? List.of() : devices.pushTokensOfUsers(userIds);
    }

    /** These devices as they are now, by device id; devices removed since are left out. */
    @Transactional
    public Map<UUID, PushToken> current(Collection<UUID> deviceIds) {
        return deviceIds.isEmpty() ? Map.of() : devices.pushTokensByIds(deviceIds).stream()
                .collect(Collectors.toMap(PushToken::deviceId, Function.identity()));
    }

    /** Forgets tokens FCM no longer accepts (the app was uninstalled, or its token rotated). */
    @Transactional
    public long forget(Collection<String> tokens) {
        return tokens.isEmpty() ? 0 : devices.deleteTokens(tokens);
    }
}
