package app.banter.auth;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import app.banter.platform.Jdbc;

/** The firebase_user_deletions table: Firebase users of deleted accounts still to delete at Firebase. */
@ApplicationScoped
class FirebaseUserDeletionStore {

    /**
     * A deletion claimed for one lease.
     *
     * @param attempts this one included
     * @param heldByAnAccount an account signs in as this Firebase user now: its person registered again with it
     */
    record Due(String firebaseUid, int attempts, boolean heldByAnAccount) {
    }

    private final EntityManager em;

    FirebaseUserDeletionStore(EntityManager em) {
        this.em = em;
    }

    /** In the deleting transaction. A uid queued already (deleted, registered again and deleted again) stays once. */
    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(String firebaseUid, Instant now, Instant dueAt) {
        Jdbc.update(em, """
                insert into firebase_user_deletions (firebase_uid, attempts, next_attempt_at, created_at)
                values (?, 0, ?, ?) on conflict (firebase_uid) do nothing""", (statement, connection) -> {
            statement.setString(1, firebaseUid);
            statement.setObject(2, Jdbc.timestamp(dueAt));
            statement.setObject(3, Jdbc.timestamp(now));
        });
    }

    /**
     * Claims up to {@code limit} due deletions: each moves one lease ahead and counts an attempt, so that another pod
     * tries it only if this one does not report back within the lease. Rows other pods are claiming are skipped.
     * Whether an account holds the uid now is read here from users (by its unique firebase_uid), so that a batch costs
     * no more statements.
     */
    @Transactional
    List<Due> claimDue(Instant now, Instant leaseEnd, int limit) {
        return Jdbc.query(em, """
                with claimed as (
                    update firebase_user_deletions set next_attempt_at = ?, attempts = attempts + 1
                    where firebase_uid in (select firebase_uid from firebase_user_deletions where next_attempt_at <= ?
                                           order by next_attempt_at limit ? for update skip locked)
                    returning firebase_uid, attempts)
                select c.firebase_uid, c.attempts, exists (select 1 from users u where u.firebase_uid = c.firebase_uid)
                from claimed c""", (statement, connection) -> {
            statement.setObject(1, Jdbc.timestamp(leaseEnd));
            statement.setObject(2, Jdbc.timestamp(now));
            statement.setInt(3, limit);
        }, row -> new Due(row.getString(1), row.getInt(2), row.getBoolean(3)));
    }

    /** Firebase no longer has the user, or it is no longer ours to delete. */
    @Transactional
    void done(String firebaseUid) {
        Jdbc.update(em, "delete from firebase_user_deletions where firebase_uid = ?",
                (statement, connection) -> statement.setString(1, firebaseUid));
    }

    @Transactional
    void retryAt(String firebaseUid, Instant at) {
        Jdbc.update(em, "update firebase_user_deletions set next_attempt_at = ? where firebase_uid = ?",
                (statement, connection) -> {
                    statement.setObject(1, Jdbc.timestamp(at));
                    statement.setString(2, firebaseUid);
                });
    }
}
