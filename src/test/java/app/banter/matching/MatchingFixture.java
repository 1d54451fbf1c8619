package app.banter.matching;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.banter.call.Call;
import app.banter.matching.MatchingViews.JoinQueueRequest;
import app.banter.matching.MatchingViews.QueueView;
import app.banter.realtime.Presence;
import app.banter.user.Gender;
import app.banter.wallet.TestWallets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Users who are online (their presence refreshed as a phone's heartbeats would), waiting in the pool, and the matches
 * made between them, read back from the database.
 */
@ApplicationScoped
class MatchingFixture {

    private final TestWallets wallets;
    private final Presence presence;
    private final MatchingService matching;
    private final RedisDataSource redis;
    private final EntityManager em;
    private final Set<UUID> online = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heartbeats;

    MatchingFixture(TestWallets wallets, Presence presence, MatchingService matching, RedisDataSource redis,
            EntityManager em) {
        this.wallets = wallets;
        this.presence = presence;
        this.matching = matching;
        this.redis = redis;
        this.em = em;
    }

    record Match(UUID callerId, UUID calleeId, UUID callId, Instant matchedAt) {
    }

    /** A new user with a wallet (the signup grant of 100 coins) and a connection that keeps beating. */
    UUID onlineUser(Gender gender) {
        UUID id = wallets.newUser();
        if (gender != null) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update users set gender = ?2 where id = ?1")
                    .setParameter(1, id).setParameter(2, gender.name()).executeUpdate());
        }
        goOnline(id);
        return id;
    }

    synchronized void goOnline(UUID id) {
        presence.touch(id, "test-" + id);
        online.add(id);
        if (heartbeats == null) {
            heartbeats = Executors.newSingleThreadScheduledExecutor();
            // One failed beat (a busy database behind an announcement) must not stop the schedule: an exception
            // thrown out of a periodic task cancels it, and every user would lapse.
            heartbeats.scheduleAtFixedRate(() -> online.forEach(user -> {
                try {
                    presence.touch(user, "test-" + user);
                } catch (RuntimeException e) {
                    // beats again in a second
                }
            }), 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Stops beating for everyone: their presence lapses as a closed app's would. */
    void forgetAll() {
        online.clear();
    }

    void goOffline(UUID id) {
        online.remove(id);
        presence.leave(id, "test-" + id);
    }

    /**
     * Joins the pool, and returns in a later millisecond than the join: join times are kept to the millisecond, and
     * the tests' users who join one after the other are ranked by them (the longer wait goes first and is the caller).
     * Two joins in one millisecond, common on a fast machine, would tie and be ranked by their ids.
     */
    QueueView join(UUID id, List<String> languages, List<String> interests, Gender preferred) {
        QueueView joined = matching.join(id, new JoinQueueRequest(languages, interests, Call.Type.AUDIO, preferred));
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) {
            Thread.onSpinWait();
        }
        return joined;
    }

    QueueView join(UUID id, String language) {
        return join(id, List.of(language), List.of(), null);
    }

    /** Empties the pool: each test starts with nobody waiting. */
    void clearPool() {
        redis.execute("EVAL", "for _, k in ipairs(redis.call('KEYS', '{match}:*')) do redis.call('DEL', k) end",
                "0");
    }

    /** Rewrites a waiting user's ticket in Redis as another release of the service would have written it. */
    void rewriteTicket(UUID id, Consumer<ObjectNode> change) {
        String key = "{match}:ticket:" + id;
        try {
            ObjectNode ticket = (ObjectNode) new ObjectMapper().readTree(redis.execute("GET", key).toString());
            change.accept(ticket);
            redis.execute("SET", key, ticket.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As if the request a user was matched with were no longer remembered (banter.matching.requeue-memory ran out). */
    void forgetLastMatched(UUID id) {
        redis.execute("DEL", "{match}:matched:" + id);
    }

    void restrict(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into user_standings (user_id, status, reason, since) values (?1, 'RESTRICTED', 'test', now())""")
                .setParameter(1, id).executeUpdate());
    }

    void block(UUID blocker, UUID blocked) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into blocks (blocker_id, blocked_id, created_at) values (?1, ?2, now())""")
                .setParameter(1, blocker).setParameter(2, blocked).executeUpdate());
    }

    /** The matches any of these users is in. */
    @SuppressWarnings("unchecked")
    List<Match> matchesOf(Set<UUID> users) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery("""
                select caller_id, callee_id, call_id, matched_at from matches
                where caller_id = any(?1) or callee_id = any(?1)""")
                .setParameter(1, users.toArray(UUID[]::new)).getResultList()).stream()
                .map(row -> new Match((UUID) row[0], (UUID) row[1], (UUID) row[2],
                        (Instant) row[3]))
                .toList());
    }

    boolean isWaiting(UUID id) {
        return matching.status(id).waiting();
    }
}
