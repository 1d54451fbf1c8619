package app.banter.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "notifications")
public class Notification {

    @Id
    public UUID id;

    public UUID userId;

    @Enumerated(EnumType.STRING)
    public NotificationCategory category;

    public String kind;

    public String title;

    public String body;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> data;

    public boolean inApp;

    public Instant createdAt;

    public Instant readAt;
}
