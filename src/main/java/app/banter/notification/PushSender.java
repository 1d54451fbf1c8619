package app.banter.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.google.api.core.ApiFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import app.banter.platform.firebase.Firebase;
import app.banter.platform.lifecycle.JobGate;
import app.banter.platform.lifecycle.StopBudget;
import app.banter.platform.telemetry.ProviderSpans;
import app.banter.user.PushTokens;

/**
 * Delivers the push outbox through FCM, on every pod at once: each claims its own due rows (SKIP LOCKED) for one
 * lease. Pushes go out concurrently, a bounded number in flight, so that a slow or failing one holds up no other;
 * their outcomes are written back in batches. A push FCM could not take now is retried with exponential backoff
 * until it expires or runs out of attempts; a token FCM reports as unregistered, or as no valid registration token
 * ({@link FcmRefusals}), is forgotten, and the push with it.
 * Delivery is at least once: a pod that dies after FCM took a push but before recording it leaves the row to be sent
 * again after its lease. A pod that stops claims no more and records what FCM answered within the stop's budget.
 */
@ApplicationScoped
class PushSender {

    private static final Logger LOG = Logger.getLogger(PushSender.class);

    private final PushOutboxRepository outbox;
    private final PushTokens tokens;
    private final Firebase firebase;
    private final NotificationConfig config;
    private final ProviderSpans spans;
    private final StopBudget stopBudget;
    private final JobGate gate = new JobGate();
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    /** What became of one push: sent, retry later, or drop (with the token to forget, if it was the token's fault). */
    private record Outcome(PushOutboxRepository.Push push, Kind kind, String tokenToForget) {
    }

    private enum Kind {
        SENT,
        RETRY,
        DROP
    }

    PushSender(PushOutboxRepository outbox, PushTokens tokens, Firebase firebase, NotificationConfig config,
            ProviderSpans spans, StopBudget stopBudget) {
        this.outbox = outbox;
        this.tokens = tokens;
        this.firebase = firebase;
        this.config = config;
        this.spans = spans;
        this.stopBudget = stopBudget;
        this.inFlight = new Semaphore(config.senderMaxInFlight());
    }

    @Scheduled(every = "{banter.notifications.sender-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendDue() throws InterruptedException {
        if (!gate.enter()) {
            return;
        }
        try {
            sendWhileDue();
        } finally {
            gate.exit();
        }
    }

    private void sendWhileDue() throws InterruptedException {
        FirebaseMessaging messaging = FirebaseMessaging.getInstance(firebase.app());
        boolean more = true;
        while (more && !gate.stopping()) {
            record();
            int free = inFlight.availablePermits();
            if (free == 0) {
                // Every slot is taken by a push FCM has not answered: the run ends if none frees within an interval,
                // so that no run outlasts a slow FCM (the next one starts an interval later and records what finished).
                more = awaitSlot();
                continue;
            }
            Instant now = Instant.now();
            List<PushOutboxRepository.Push> due = outbox.claimDue(now, now.plus(config.senderLease()),
                    Math.min(free, config.senderBatchSize()));
            more = !due.isEmpty();
            send(messaging, due, now);
        }
        // What is still in flight is recorded by the next run, or by the stop; its lease keeps other pods off it.
    }

    /** A stopping pod claims no further pushes: those still due are left to the other pods. */
    void stopClaiming(@Observes @Priority(StopBudget.BEGIN) ShutdownEvent stop) {
        gate.close();
    }

    /**
     * Waits, within what is left of the stop's budget, for the run in progress and the pushes FCM has not answered, then
     * records their outcomes. Left to a next run, which never comes on a stopping pod, every push sent in the last
     * second was sent again by another pod once its lease ran out: after each deploy.
     */
    void recordInFlight(@Observes @Priority(StopBudget.AWAIT) ShutdownEvent stop) {
        if (!gate.awaitIdle(stopBudget.remaining())) {
            LOG.warnf("The push sender was still running %s after the stop began", StopBudget.BUDGET);
        }
        int slots = config.senderMaxInFlight();
        try {
            if (inFlight.tryAcquire(slots, stopBudget.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                inFlight.release(slots);
            } else {
                LOG.warnf("Pushes were still on their way to FCM %s after the stop began; they are sent again after "
                        + "their lease", StopBudget.BUDGET);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record();
    }

    private void send(FirebaseMessaging messaging, List<PushOutboxRepository.Push> due, Instant now)
            throws InterruptedException {
        Map<UUID, PushTokens.PushToken> devices = tokens.current(due.stream()
                .map(PushOutboxRepository.Push::deviceId).toList());
        for (PushOutboxRepository.Push push : due) {
            PushTokens.PushToken device = devices.get(push.deviceId());
            if (device == null || !device.userId().equals(push.userId()) || !push.expiresAt().isAfter(now)
                    || push.withheld()) {
                // The phone changed hands, the push is stale, or its recipient has muted or blocked since it was
                // queued: nobody should get it now.
                outcomes.add(new Outcome(push, Kind.DROP, null));
                continue;
            }
            inFlight.acquire();
            // One client span per push, a child of the sender job's span; ended when FCM answers.
            Span span = spans.start("fcm", "send");
            ApiFuture<String> sent;
            try (Scope scope = span.makeCurrent()) {
                sent = messaging.sendAsync(PushMessages.of(push, device.token(), device.android(), now));
            } catch (RuntimeException e) {
                // Not handed to FCM at all (firebase-admin refused the message or could not start the request): its
                // slot comes back now, since no answer will give it back.
                LOG.warnf("Push %s (%s) could not be handed to FCM: %s", push.id(), push.kind(),
                        e.getClass().getSimpleName());
                ProviderSpans.failed(span, e);
                span.end();
                inFlight.release();
                outcomes.add(new Outcome(push, Kind.RETRY, null));
                continue;
            }
            sent.addListener(() -> {
                try {
                    Outcome outcome = outcome(push, device.token(), sent);
                    if (outcome.kind() != Kind.SENT) {
                        span.setStatus(StatusCode.ERROR, outcome.kind().name());
                    }
                    span.end();
                    outcomes.add(outcome);
                } finally {
                    inFlight.release();
                }
            }, MoreExecutors.directExecutor());
        }
    }

    private Outcome outcome(PushOutboxRepository.Push push, String token, ApiFuture<String> sent) {
        try {
            sent.get();
            return new Outcome(push, Kind.SENT, null);
        } catch (ExecutionException e) {
            FirebaseMessagingException refusal = e.getCause() instanceof FirebaseMessagingException fcm ? fcm : null;
            MessagingErrorCode code = refusal != null ? refusal.getMessagingErrorCode() : null;
            if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.SENDER_ID_MISMATCH) {
                return new Outcome(push, Kind.DROP, token);
            }
            if (code == MessagingErrorCode.INVALID_ARGUMENT) {
                if (FcmRefusals.blamesToken(refusal)) {
                    return new Outcome(push, Kind.DROP, token);
                }
                LOG.warnf("FCM refused push %s (%s) as invalid", push.id(), push.kind());
                return new Outcome(push, Kind.DROP, null);
            }
            LOG.debugf("Push %s not sent, attempt %d: %s", push.id(), push.attempts(),
                    code != null ? code : e.getCause().getClass().getSimpleName());
            return new Outcome(push, Kind.RETRY, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(push, Kind.RETRY, null);
        }
    }

    /** Writes back what has finished: three statements whatever the number. */
    private void record() {
        List<UUID> done = new ArrayList<>();
        Map<UUID, Instant> retry = new HashMap<>();
        Set<String> forget = new HashSet<>();
        Instant now = Instant.now();
        Outcome outcome;
        while ((outcome = outcomes.poll()) != null) {
            PushOutboxRepository.Push push = outcome.push();
            Instant next = now.plus(backoff(push.attempts()));
            if (outcome.kind() == Kind.RETRY && push.attempts() < config.maxAttempts()
                    && next.isBefore(push.expiresAt())) {
                retry.put(push.id(), next);
            } else {
                done.add(push.id());
            }
            if (outcome.tokenToForget() != null) {
                forget.add(outcome.tokenToForget());
            }
        }
        outbox.delete(done);
        outbox.retryAt(retry);
        if (!forget.isEmpty()) {
            LOG.infof("Forgot %d push tokens FCM no longer accepts", tokens.forget(forget));
        }
    }

    /** 2 s, 4 s, 8 s ... up to the maximum. */
    Duration backoff(int attempts) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : wait;
    }

    /** Waits up to one interval for a push in flight to finish; returns whether one did. */
    private boolean awaitSlot() throws InterruptedException {
        if (inFlight.tryAcquire(config.senderInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            inFlight.release();
            return true;
        }
        return false;
    }
}
