package app.banter.user;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A phone that receives push notifications through its FCM registration token. */
@Entity
@Table(name = "devices")
public class Device {

    @Id
    public UUID id;

    public UUID userId;

    public String fcmToken;

    /** Optional stable id of the phone (Android ID, iOS identifierForVendor); survives a reinstall, the token not. */
    public String deviceId;

    /** The session that registered it last: when that session ends, the device stops receiving pushes. */
    public UUID sessionId;

    @Enumerated(EnumType.STRING)
    public DevicePlatform platform;

    public Instant createdAt;

    public Instant updatedAt;
}
