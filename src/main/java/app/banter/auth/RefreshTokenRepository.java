package app.banter.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** Locks the row, so that two refreshes with the same token are decided one after the other. */
    public Optional<RefreshToken> findByHashForUpdate(byte[] tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** False for an ended session, and for one that never existed. */
    public boolean hasUnrevoked(UUID familyId) {
        return find("familyId = ?1 and revokedAt is null", familyId).firstResultOptional().isPresent();
    }

    public void revokeFamily(UUID familyId, Instant now) {
        update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    /** Revokes every session of the user and returns their ids. */
    public List<UUID> revokeAllOf(UUID userId, Instant now) {
        List<UUID> families = getEntityManager()
                .createQuery("select distinct familyId from RefreshToken where userId = ?1 and revokedAt is null",
                        UUID.class)
                .setParameter(1, userId)
                .getResultList();
        update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
        return families;
    }
}
