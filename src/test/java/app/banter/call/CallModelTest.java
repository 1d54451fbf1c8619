package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture.Party;
import app.banter.testsupport.LiveKitStandIn;
import app.banter.testsupport.LiveKitWebhooks;
import app.banter.wallet.TestWallets;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import livekit.LivekitModels;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * The call state machine against a reference model: pairs of parties, each on its own thread, drive calls with random
 * orders of API calls (start, accept, reject, cancel, end, by the right party or the wrong one, some twice), signed
 * LiveKit webhooks (joins and departures reported late, out of order, twice, or not at all while LiveKit's own
 * participant list tells the truth), room_finished, time moved forward, and reconciler passes, while another thread
 * runs reconciler passes of its own (a second pod).
 *
 * <p>
 * Checked on every answer: no 5xx; every status a call is seen in follows the legal order (initiated, ringing,
 * answered, then one terminal state that never changes). Checked at the end, per call: a call that never connected
 * was charged nothing; the minutes charged (net of minutes given back) are exactly those started by its end (fewer only
 * when the caller ran out of coins), each once, and what the caller paid is that many times the rate; no hold of the
 * call is still open; nobody is left in a call; and the books balance.
 *
 * <p>
 * Steps: {@code -Dbanter.model.call-steps} (CI default below); the bench run {@code -Dbanter.model.bench-call-steps}.
 */
@QuarkusTest
class CallModelTest {

    private static final Logger LOG = Logger.getLogger(CallModelTest.class);

    private static final Map<Call.Status, Integer> RANK = Map.of(Call.Status.INITIATED, 0, Call.Status.RINGING, 1,
            Call.Status.ANSWERED, 2);

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;

    @Inject
    TestWallets books;

    @Inject
    EntityManager em;

    /** What LiveKit itself knows: who is in each room, whatever webhooks told us. */
    private final Map<String, Set<String>> inRoom = new ConcurrentHashMap<>();

    @AfterEach
    void reset() {
        LiveKitStandIn.resetToDefaults();
    }

    @Test
    void randomCallLifecyclesAgreeWithTheModel() {
        run(Integer.getInteger("banter.model.call-steps", 240), Integer.getInteger("banter.model.call-pairs", 4));
    }

    @Test
    @Tag("bench")
    void manyRandomCallLifecyclesAgreeWithTheModel() {
        run(Integer.getInteger("banter.model.bench-call-steps", 20_000),
                Integer.getInteger("banter.model.call-pairs", 8));
    }

    private void run(int steps, int pairs) {
        LiveKitStandIn.participantsByRoom(room -> List.copyOf(inRoom.getOrDefault(room, Set.of())));
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Set<UUID> callIds = ConcurrentHashMap.newKeySet();
        AtomicLong done = new AtomicLong();
        AtomicLong webhooks = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread secondPod = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                safely(violations, CallModelTest.this::reconcile);
                sleep(150);
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            long seed = System.nanoTime() + p;
            boolean poor = p % 2 == 0;
            threads.add(Thread.ofPlatform().start(() -> {
                // Half the callers are poor: some calls end because the caller cannot pay the next minute.
                try (Party caller = fixture.online(); Party callee = fixture.online()) {
                    if (poor) {
                        fixture.leaveCoins(caller.user(), 35);
                    }
                    Pair pair = new Pair(caller, callee, new SplittableRandom(seed), violations, callIds, webhooks);
                    while (done.getAndIncrement() < steps) {
                        safely(violations, pair::step);
                    }
                    safely(violations, pair::hangUp);
                } catch (RuntimeException e) {
                    violations.add("pair failed: " + e);
                }
            }));
        }
        threads.forEach(CallModelTest::join);
        running.set(false);
        join(secondPod);
        reconcile();

        violations.addAll(checkCalls(callIds));
        LOG.infof("call model: %d steps on %d pairs, %d calls, %d webhooks, %d violations", steps, pairs,
                callIds.size(), webhooks.get(), violations.size());
        assertThat(violations).as("call model violations").isEmpty();
        books.assertBooksBalance();
    }

    /** One pair of parties and the call between them that the model follows. */
    private final class Pair {
        final Party caller;
        final Party callee;
        final SplittableRandom random;
        final List<String> violations;
        final Set<UUID> callIds;
        final AtomicLong webhooks;
        UUID call;
        Call.Status seen;
        int refusedStarts;
        WebhookEvent lastWebhook;

        Pair(Party caller, Party callee, SplittableRandom random, List<String> violations, Set<UUID> callIds,
                AtomicLong webhooks) {
            this.caller = caller;
            this.callee = callee;
            this.random = random;
            this.violations = violations;
            this.callIds = callIds;
            this.webhooks = webhooks;
        }

        void step() {
            if (call == null) {
                start();
                return;
            }
            int dice = random.nextInt(100);
            Party either = random.nextBoolean() ? caller : callee;
            if (dice < 12) {
                api(callee, "accept");
            } else if (dice < 16) {
                api(either, "reject");
            } else if (dice < 20) {
                api(either, "cancel");
            } else if (dice < 24) {
                api(either, "end");
            } else if (dice < 50) {
                participant(either, "participant_joined");
            } else if (dice < 58) {
                participant(either, "participant_left");
            } else if (dice < 60) {
                deliver(LiveKitWebhooks.event("room_finished", room(), Instant.now()).build());
            } else if (dice < 66 && lastWebhook != null) {
                deliver(lastWebhook); // The same event again: applied once.
            } else if (dice < 86) {
                fixture.elapse(call, Duration.ofSeconds(random.nextInt(1, 80)));
                reconcile();
                observe(either.user().request().get("/api/v1/calls/" + call));
            } else {
                observe(either.user().request().get("/api/v1/calls/" + call));
            }
        }

        void start() {
            Response response = caller.user().request()
                    .body(Map.of("calleeId", callee.user().id(), "type", random.nextBoolean() ? "AUDIO" : "VIDEO"))
                    .post("/api/v1/calls");
            if (response.statusCode() == 201) {
                refusedStarts = 0;
                call = UUID.fromString(response.path("call.id"));
                callIds.add(call);
                seen = Call.Status.INITIATED;
                lastWebhook = null;
                inRoom.put(room(), ConcurrentHashMap.newKeySet());
                check(Call.Status.valueOf(response.path("call.status")));
            } else if (response.statusCode() != 402 && response.statusCode() != 409) {
                violations.add("start answered " + response.statusCode() + " " + response.body().asString());
            } else if (response.statusCode() == 409 && ++refusedStarts == 20) {
                // 409 while the last call's parties are freed, just after it ends: never for long, or a party was
                // left busy or in a call that is over. (402: a caller who ran out, which is allowed.)
                violations.add("start refused 20 times in a row, last " + response.statusCode() + " "
                        + response.body().asString());
            }
        }

        void api(Party who, String action) {
            Response response = who.user().request().post("/api/v1/calls/" + call + "/" + action);
            int status = response.statusCode();
            if (status == 200) {
                check(Call.Status.valueOf(response.path(action.equals("accept") ? "call.status" : "status")));
            } else if (status == 403 || status == 409) {
                observe(who.user().request().get("/api/v1/calls/" + call));
            } else {
                violations.add(action + " answered " + status + " " + response.body().asString());
            }
        }

        /** A join or departure: LiveKit knows it at once; its webhook comes late, or twice, or never. */
        void participant(Party who, String event) {
            String identity = who.user().id().toString();
            Set<String> room = inRoom.computeIfAbsent(room(), r -> ConcurrentHashMap.newKeySet());
            if (event.equals("participant_joined")) {
                room.add(identity);
            } else {
                room.remove(identity);
            }
            if (random.nextInt(10) == 0) {
                return; // Lost: only LiveKit's participant list tells.
            }
            Instant at = Instant.now().minusSeconds(random.nextInt(0, 20));
            deliver(LiveKitWebhooks.event(event, room(), at).setParticipant(LivekitModels.ParticipantInfo
                    .newBuilder().setIdentity(identity).setSid("PA_" + identity.substring(0, 8))).build());
        }

        void deliver(WebhookEvent event) {
            lastWebhook = event;
            webhooks.incrementAndGet();
            int status = LiveKitWebhooks.deliver(event).extract().statusCode();
            if (status != 200) {
                violations.add("webhook " + event.getEvent() + " answered " + status);
            }
        }

        void observe(Response response) {
            if (response.statusCode() != 200) {
                violations.add("GET call answered " + response.statusCode());
                return;
            }
            check(Call.Status.valueOf(response.path("status")));
        }

        /** The status follows the legal order; a terminal one ends the model's call. */
        void check(Call.Status now) {
            if (!isLegal(seen, now)) {
                violations.add("call " + call + " went from " + seen + " to " + now);
            }
            seen = now;
            if (now.isTerminal()) {
                inRoom.remove(room());
                call = null;
            }
        }

        void hangUp() {
            if (call != null) {
                api(caller, "end");
            }
        }

        String room() {
            return LiveKitRooms.ROOM_PREFIX + call;
        }
    }

    static boolean isLegal(Call.Status from, Call.Status to) {
        if (from == to) {
            return true;
        }
        if (from.isTerminal()) {
            return false;
        }
        if (!to.isTerminal()) {
            return RANK.get(to) > RANK.get(from);
        }
        return switch (from) {
            case INITIATED -> to == Call.Status.FAILED;
            case RINGING -> Set.of(Call.Status.MISSED, Call.Status.REJECTED, Call.Status.CANCELLED,
                    Call.Status.FAILED).contains(to);
            default -> to == Call.Status.ENDED || to == Call.Status.FAILED;
        };
    }

    /** The money and state of every call the model drove, from the database. */
    private List<String> checkCalls(Set<UUID> callIds) {
        List<String> found = new ArrayList<>();
        if (callIds.isEmpty()) {
            found.add("no call was started");
            return found;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<?> rows = em.createNativeQuery("""
                    select c.id, c.status, c.connected_at, c.ended_at, c.grace_seconds, c.billed_minutes,
                           c.coins_charged, c.rate_per_minute, c.end_reason,
                           (select count(*) from transfers t
                             where t.idempotency_key like 'call:' || c.id || ':settle:%'),
                           (select count(distinct split_part(t.idempotency_key, ':', 4)) from transfers t
                             where t.idempotency_key like 'call:' || c.id || ':refund:%'),
                           (select coalesce(sum(t.amount), 0) from transfers t
                             where t.idempotency_key like 'call:' || c.id || ':settle:%'),
                           (select coalesce(sum(t.amount), 0) from transfers t
                             where t.idempotency_key like 'call:' || c.id || ':refund:%'),
                           (select count(*) from holds h where h.reference = 'call:' || c.id
                             and (h.status = 'OPEN' or h.accrued > 0)),
                           extract(epoch from c.ended_at - c.connected_at),
                           (select a.balance - a.held from accounts a where a.owner_id = c.caller_id
                             and a.type = 'COINS')
                    from calls c where c.id in (?1)""").setParameter(1, callIds).getResultList();
            if (rows.size() != callIds.size()) {
                found.add(callIds.size() + " calls started, " + rows.size() + " found");
            }
            for (Object row : rows) {
                Object[] c = (Object[]) row;
                String id = "call " + c[0];
                Call.Status status = Call.Status.valueOf((String) c[1]);
                long billed = ((Number) c[5]).longValue();
                long charged = ((Number) c[6]).longValue();
                long rate = ((Number) c[7]).longValue();
                // Paid when the call ended, in one settlement of at most two transfers.
                long settlements = ((Number) c[9]).longValue();
                long coinsNet = ((Number) c[11]).longValue() - ((Number) c[12]).longValue();
                long minutesCharged = ((Number) c[11]).longValue() / rate - ((Number) c[10]).longValue();
                if (settlements > 2) {
                    found.add(id + " settled in " + settlements + " transfers");
                }
                if (!status.isTerminal()) {
                    found.add(id + " still " + status + " after both hung up");
                }
                if (((Number) c[13]).longValue() != 0) {
                    found.add(id + " ended with its hold open or minutes counted unpaid");
                }
                if (billed != minutesCharged || charged != billed * rate || coinsNet != charged) {
                    found.add(id + " billed " + billed + " minutes / " + charged + " coins, its settlement says "
                            + minutesCharged + " minutes / " + coinsNet + " coins");
                }
                if (c[2] == null) {
                    if (billed != 0) {
                        found.add(id + " never connected but billed " + billed);
                    }
                    continue;
                }
                double connectedSeconds = ((Number) c[14]).doubleValue();
                int grace = ((Number) c[4]).intValue();
                long started = connectedSeconds < grace ? 0 : (long) Math.floor((connectedSeconds - grace) / 60) + 1;
                // A minute the caller cannot pay at the very end is not charged (CallEnding): fewer minutes are
                // right only for a caller who ran out, or has less than a minute's coins left now.
                boolean ranOut = "INSUFFICIENT_BALANCE".equals(c[8]) || ((Number) c[15]).longValue() < rate;
                if (ranOut ? billed > started : billed != started) {
                    found.add(id + " (" + c[8] + ") billed " + billed + " minutes, " + started + " started by its end ("
                            + connectedSeconds + " s connected)");
                }
            }
            Number active = (Number) em.createNativeQuery("""
                    select count(*) from calls where id in (?1) and status in ('INITIATED', 'RINGING', 'ANSWERED')""")
                    .setParameter(1, callIds).getSingleResult();
            if (active.longValue() != 0) {
                found.add(active + " calls still active");
            }
        });
        return found;
    }

    /**
     * A reconciler pass as a pod's scheduler runs it, without the pod's gate (the threads here are reconcilers of
     * different pods, running alongside each other), with a request context active: what runs after its commits
     * (presence of a call that ended) reads the database outside a transaction, which needs one.
     */
    private void reconcile() {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            reconciler.pass();
            return;
        }
        requestContext.activate();
        try {
            reconciler.pass();
        } finally {
            requestContext.terminate();
        }
    }

    private static void safely(List<String> violations, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | AssertionError e) {
            violations.add("step failed: " + e);
            LOG.warn("A step of the call model failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
