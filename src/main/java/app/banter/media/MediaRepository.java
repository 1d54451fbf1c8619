package app.banter.media;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MediaRepository implements PanacheRepositoryBase<Media, UUID> {

    /** The owner's upload; someone else's is absent. */
    public Optional<Media> findOwned(UUID id, UUID ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResultOptional();
    }

    /** The owner's upload, locked until the transaction ends (attaching it, or releasing it). */
    public Optional<Media> lockOwned(UUID id, UUID ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Moves a PENDING upload to READY or REJECTED; false when it is no longer pending (a concurrent completion). */
    public boolean settle(UUID id, Media.Status status, Instant at) {
        return update("status = ?1, completedAt = ?2 where id = ?3 and status = ?4", status, at, id,
                Media.Status.PENDING) == 1;
    }

    /** Ends a use: the upload is unattached again, and the cleanup job deletes it once it is old enough. */
    public void detach(UUID id) {
        update("attachedAt = null where id = ?1", id);
    }

    /**
     * Deletes a row the cleanup took, at once rather than at commit: a row something still references fails here, on
     * its foreign key, before the cleanup touches its blob.
     */
    public void deleteTaken(UUID id) {
        delete("id", id);
    }

    /** The owner's uploads of {@code purpose} that something uses. */
    public List<Media> attachedOf(UUID ownerId, MediaPurpose purpose) {
        return list("ownerId = ?1 and purpose = ?2 and attachedAt is not null", ownerId, purpose);
    }

    /**
     * Unattached uploads created before {@code cutoff} and not waiting for a retry after {@code now}, oldest first,
     * locked; rows another pod holds are skipped, so that every pod can run the cleanup at once.
     */
    @SuppressWarnings("unchecked")
    public List<Media> lockUnusedBefore(Instant cutoff, Instant now, int limit) {
        // {m.*}, not *: see UserRepository.discover.
        return getEntityManager().createNativeQuery("""
                select {m.*} from media m where attached_at is null and created_at < ?1
                and (cleanup_retry_at is null or cleanup_retry_at <= ?2)
                order by created_at limit ?3 for update skip locked""").unwrap(NativeQuery.class)
                .addEntity("m", Media.class)
                .setParameter(1, cutoff).setParameter(2, now).setParameter(3, limit).getResultList();
    }
}
