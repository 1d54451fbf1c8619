package app.banter.social;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class UserStandingRepository implements PanacheRepositoryBase<UserStanding, UUID> {

    public boolean isBanned(UUID userId) {
        UserStanding standing = findById(userId);
        return standing != null && standing.status == UserStanding.Status.BANNED;
    }

    /** Those of {@code userIds} under a measure (restricted or banned). */
    public Set<UUID> underMeasureAmong(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        // Plain SQL with one array parameter: Hibernate would translate an HQL list parameter on every call.
        return Set.copyOf(Jdbc.query(getEntityManager(), "select user_id from user_standings where user_id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, userIds)),
                row -> row.getObject(1, UUID.class)));
    }

    /**
     * Restricts a user who is under no measure yet; returns false when they already are. The primary key decides, so
     * that two reports arriving together restrict once and never overwrite a moderator's ban.
     */
    public boolean restrictIfInGoodStanding(UUID userId, String reason, Instant since) {
        return getEntityManager().createNativeQuery("""
                insert into user_standings (user_id, status, reason, since) values (?1, 'RESTRICTED', ?2, ?3)
                on conflict do nothing""")
                .setParameter(1, userId).setParameter(2, reason).setParameter(3, since).executeUpdate() > 0;
    }

    /** A deleted account's measure, kept under its phone's hash for the phone's next account. */
    public void keepForPhone(UUID userId, String phoneHash) {
        getEntityManager().createNativeQuery("""
                insert into phone_standings (phone_hash, status, reason, decided_by, since)
                select ?2, status, reason, decided_by, since from user_standings where user_id = ?1
                on conflict (phone_hash) do update
                    set status = excluded.status, reason = excluded.reason, decided_by = excluded.decided_by,
                        since = excluded.since""")
                .setParameter(1, userId).setParameter(2, phoneHash).executeUpdate();
    }

    /** Moves the measure kept under the phone's hash onto its new account; returns it, if there was one. */
    public Optional<UserStanding.Status> carryOver(String phoneHash, UUID userId) {
        List<?> moved = getEntityManager().createNativeQuery("""
                with kept as (delete from phone_standings where phone_hash = ?1
                              returning status, reason, decided_by, since)
                insert into user_standings (user_id, status, reason, decided_by, since)
                select ?2, status, reason, decided_by, since from kept
                returning status""")
                .setParameter(1, phoneHash).setParameter(2, userId).getResultList();
        return moved.stream().map(status -> UserStanding.Status.valueOf((String) status)).findFirst();
    }
}
