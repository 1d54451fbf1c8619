package app.banter.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import app.banter.user.AccountDeleted;

/**
 * Deletes the Firebase Auth user of every deleted account: the uid, the verified phone number and the sign-in metadata
 * would otherwise stay at Firebase after the account erased them here. Queued in the deleting transaction, so that
 * exactly the deletions that commit are carried out, and deleted at Firebase after banter.auth.firebase-deletions.delay
 * by a job on every pod: each claims its rows for a lease (SKIP LOCKED), so that one pod at a time asks Firebase about
 * each, and a deletion Firebase refused or did not answer is tried again with exponential backoff until Firebase no
 * longer has the user.
 */
@ApplicationScoped
class FirebaseUserDeletions {

    private static final Logger LOG = Logger.getLogger(FirebaseUserDeletions.class);

    private final FirebaseUserDeletionStore store;
    private final FirebaseUsers firebaseUsers;
    private final AuthConfig.FirebaseDeletions config;

    FirebaseUserDeletions(FirebaseUserDeletionStore store, FirebaseUsers firebaseUsers, AuthConfig config) {
        this.store = store;
        this.firebaseUsers = firebaseUsers;
        this.config = config.firebaseDeletions();
    }

    void enqueue(@Observes AccountDeleted event) {
        if (event.firebaseUid() != null) {
            Instant now = Instant.now();
            store.enqueue(event.firebaseUid(), now, now.plus(config.delay()));
        }
    }

    @Scheduled(every = "{banter.auth.firebase-deletions.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteDue() {
        Instant now = Instant.now();
        int deleted = 0;
        List<FirebaseUserDeletionStore.Due> due;
        do {
            due = store.claimDue(now, now.plus(config.lease()), config.batchSize());
            for (FirebaseUserDeletionStore.Due deletion : due) {
                if (delete(deletion)) {
                    deleted++;
                }
            }
        } while (due.size() == config.batchSize());
        if (deleted > 0) {
            LOG.infof("Deleted %d Firebase users of deleted accounts", deleted);
        }
    }

    /** Whether Firebase deleted the user now. */
    private boolean delete(FirebaseUserDeletionStore.Due deletion) {
        if (deletion.heldByAnAccount()) {
            // The person signed in again as the same Firebase user before it was deleted, and registered: it belongs to
            // the new account now, and goes when that account does.
            store.done(deletion.firebaseUid());
            return false;
        }
        if (firebaseUsers.delete(deletion.firebaseUid())) {
            store.done(deletion.firebaseUid());
            return true;
        }
        store.retryAt(deletion.firebaseUid(), Instant.now().plus(backoff(deletion.attempts())));
        return false;
    }

    /** 1 min, 2 min, 4 min ... up to the maximum. */
    Duration backoff(int attempts) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : wait;
    }
}
