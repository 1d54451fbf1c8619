package app.banter.user;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

// Only the columns a change sets are written. Every writer locks the row first; this is the second line against one
// that did not: it would otherwise write back every column it read, undoing what others committed in between (a
// deletion's status and phone, a revoked role, a premium end a subscription charge moved). Users change seldom, so
// that Hibernate builds each update for its columns costs little.
@Entity
@DynamicUpdate
@Table(name = "users")
public class User {

    public enum Status {
        ACTIVE,
        DELETED
    }

    @Id
    public UUID id;

    public String phone;

    public String firebaseUid;

    public String username;

    public String fullName;

    public LocalDate dateOfBirth;

    @Enumerated(EnumType.STRING)
    public Gender gender;

    public String language;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> interests = new ArrayList<>();

    public String bio;

    public String avatarUrl;

    /** The uploaded avatar (media package) whose CDN URL is avatarUrl; null for an avatar given as a URL. */
    public UUID avatarMediaId;

    public String referredByCode;

    /** Staff roles beyond "user" (moderator, admin); granted in the database, never through the API. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles = new ArrayList<>();

    /** Set only by verified premium-subscription webhooks. */
    public Instant premiumUntil;

    @Enumerated(EnumType.STRING)
    public Status status = Status.ACTIVE;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant deletedAt;

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** A premium member now: a paid subscription period reaches past {@code now}. */
    public boolean isPremium(Instant now) {
        return premiumUntil != null && premiumUntil.isAfter(now);
    }

    public Integer age(LocalDate today) {
        return dateOfBirth == null ? null : Period.between(dateOfBirth, today).getYears();
    }
}
