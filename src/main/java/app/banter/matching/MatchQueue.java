package app.banter.matching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The waiting pool, in Redis and shared by every pod: one sorted set of everyone waiting, scored by when they joined;
 * one per language, for its length; and each user's ticket. Every change that touches several keys is one Lua script,
 * so it is atomic however many pods run matchers: {@link #claim} takes both users of a pair out of the pool only if
 * both are still there with the very request the matcher read, so no user is matched twice, no pair by two pods, and
 * nobody with a request they have since changed. Each user's latest request id is also kept apart from the ticket
 * (the request key) until they leave, so that a pair claimed and then refused puts a user back only with the request
 * that is still theirs ({@link #requeue}). All keys share the hash tag {@code {match}}, so the scripts also run on a
 * Redis cluster (one slot).
 */
@ApplicationScoped
class MatchQueue {

    private static final Logger LOG = Logger.getLogger(MatchQueue.class);

    private static final String PREFIX = "{match}:";
    private static final String WAITING = PREFIX + "waiting";
    private static final String LANGUAGE = PREFIX + "lang:";

    // Joins (or, already waiting, changes the request but keeps the place); returns the enqueue time in use. Keys: the
    // waiting set, the ticket, the request; arguments: user id, enqueue time, ticket, request id, the language keys'
    // prefix, the languages (as REQUEUE's).
    private static final String ENQUEUE = """
            local old = redis.call('GET', KEYS[2])
            if old then
              for _, l in ipairs(cjson.decode(old).languages) do redis.call('ZREM', ARGV[5] .. l, ARGV[1]) end
            end
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not score then
              score = ARGV[2]
              redis.call('ZADD', KEYS[1], score, ARGV[1])
            end
            redis.call('SET', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[3], ARGV[4])
            for i = 6, #ARGV do redis.call('ZADD', ARGV[5] .. ARGV[i], score, ARGV[1]) end
            return score
            """;

    // Puts a claimed user whose pair got no call back in the pool with their place, unless the request key holds
    // another request or none: they posted a new one or left since the claim, which a requeue must not undo. Keys and
    // arguments as ENQUEUE's. Returns 1 if put back.
    private static final String REQUEUE = """
            if (redis.call('GET', KEYS[3]) or '') ~= ARGV[4] then return 0 end
            redis.call('PERSIST', KEYS[3])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[3])
            for i = 6, #ARGV do redis.call('ZADD', ARGV[5] .. ARGV[i], ARGV[2], ARGV[1]) end
            return 1
            """;

    // Leaves; with an expected enqueue time, only that enqueue (not a newer one). Returns 1 if the user was waiting.
    // A leave ends the request even when the user is not waiting: a pair of theirs may be claimed and not yet
    // connected, and must not put them back (REQUEUE).
    private static final String REMOVE = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if ARGV[3] ~= '' and (not score or tonumber(score) ~= tonumber(ARGV[3])) then return 0 end
            redis.call('DEL', KEYS[3])
            if not score then return 0 end
            local old = redis.call('GET', KEYS[2])
            if old then
              for _, l in ipairs(cjson.decode(old).languages) do redis.call('ZREM', ARGV[2] .. l, ARGV[1]) end
            end
            redis.call('DEL', KEYS[2])
            redis.call('ZREM', KEYS[1], ARGV[1])
            return 1
            """;

    // REMOVE for many users: user i's keys are KEYS[3i-2] (the waiting set), KEYS[3i-1] (the ticket) and KEYS[3i]
    // (the request), its id ARGV[i + 1].
    private static final String REMOVE_ALL = """
            for i = 1, #KEYS / 3 do
              local user = ARGV[i + 1]
              local old = redis.call('GET', KEYS[3 * i - 1])
              if old then
                for _, l in ipairs(cjson.decode(old).languages) do redis.call('ZREM', ARGV[1] .. l, user) end
                redis.call('DEL', KEYS[3 * i - 1])
              end
              redis.call('ZREM', KEYS[3 * i - 2], user)
              redis.call('DEL', KEYS[3 * i])
            end
            return 0
            """;

    // For each pair: takes both users out of the pool if both are still waiting with the request the matcher read (a
    // ticket is there only while its user waits), and answers 1; else changes nothing for that pair and answers 0.
    // The request id, not the join time: a changed request keeps the join time. (A ticket left by a pod of the release
    // before request ids has none; the matcher sends '' for it.) Each ticket is kept under the matched key for a
    // while, for a requeue after a skip, and the request key as long, for a requeue should the pair get no call. Pair
    // p's keys are KEYS[2+6p..7+6p] (tickets, matched, requests), its arguments ARGV[3+4p..6+4p] (user ids, then
    // request ids).
    private static final String CLAIM = """
            local claimed = {}
            for p = 0, (#KEYS - 1) / 6 - 1 do
              local k, a, ok, tickets = 1 + p * 6, 2 + p * 4, 1, {}
              for i = 1, 2 do
                local ticket = redis.call('GET', KEYS[k + i])
                tickets[i] = ticket and cjson.decode(ticket)
                if not tickets[i] or (tickets[i].requestId or '') ~= ARGV[a + i + 2] then
                  ok = 0
                end
              end
              if ok == 1 then
                for i = 1, 2 do
                  for _, l in ipairs(tickets[i].languages) do
                    redis.call('ZREM', ARGV[1] .. l, ARGV[a + i])
                  end
                  redis.call('ZREM', KEYS[1], ARGV[a + i])
                  redis.call('RENAME', KEYS[k + i], KEYS[k + i + 2])
                  redis.call('PEXPIRE', KEYS[k + i + 2], ARGV[2])
                  redis.call('PEXPIRE', KEYS[k + i + 4], ARGV[2])
                end
              end
              claimed[#claimed + 1] = ok
            end
            return claimed
            """;

    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final MatchingConfig config;

    MatchQueue(RedisDataSource redis, ObjectMapper json, MatchingConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    /** Puts the user in the pool as of {@code enqueuedAt}, or updates their request keeping their place. */
    long enqueue(MatchTicket ticket, long enqueuedAt) {
        return redis.execute("EVAL", placing(ENQUEUE, ticket, enqueuedAt)).toLong();
    }

    /**
     * Puts a user claimed for a pair that got no call back in the pool with their place, unless they have left or
     * posted a new request since they were claimed; returns whether they are back.
     */
    boolean requeue(Waiting waiting) {
        return redis.execute("EVAL", placing(REQUEUE, waiting.ticket(), waiting.enqueuedAt())).toLong() == 1;
    }

    private String[] placing(String script, MatchTicket ticket, long enqueuedAt) {
        UUID userId = ticket.userId();
        List<String> args = new ArrayList<>(List.of(script, "3", WAITING, ticketKey(userId), requestKey(userId),
                userId.toString(), Long.toString(enqueuedAt), write(ticket), requestId(ticket), LANGUAGE));
        args.addAll(ticket.languages());
        return args.toArray(String[]::new);
    }

    /**
     * Takes the user out of the pool and ends their request, so that a pair of theirs claimed and not yet connected
     * does not put them back; returns whether they were waiting.
     */
    boolean remove(UUID userId) {
        return remove(userId, "");
    }

    /** Takes these users out of the pool, those who are in it, in one round trip. */
    void removeAll(List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(REMOVE_ALL, Integer.toString(userIds.size() * 3)));
        userIds.forEach(id -> args.addAll(List.of(WAITING, ticketKey(id), requestKey(id))));
        args.add(LANGUAGE);
        userIds.forEach(id -> args.add(id.toString()));
        redis.execute("EVAL", args.toArray(String[]::new));
    }

    /** Takes the user out only if they are still waiting since {@code enqueuedAt}. */
    boolean removeIfWaitingSince(UUID userId, long enqueuedAt) {
        return remove(userId, Long.toString(enqueuedAt));
    }

    private boolean remove(UUID userId, String expected) {
        return redis.execute("EVAL", REMOVE, "3", WAITING, ticketKey(userId), requestKey(userId), userId.toString(),
                LANGUAGE, expected).toLong() == 1;
    }

    /**
     * Takes out of the pool, atomically for each pair, both users of every pair in which both are still waiting with
     * the request they were seen with; returns those pairs. A pair one of whose users left, changed their request or
     * was claimed by another pod is left out, and changes nothing.
     */
    List<PairMaker.Pair> claim(List<PairMaker.Pair> pairs) {
        if (pairs.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(1 + pairs.size() * 6);
        List<String> args = new ArrayList<>(2 + pairs.size() * 4);
        keys.add(WAITING);
        args.add(LANGUAGE);
        args.add(Long.toString(config.requeueMemory().toMillis()));
        for (PairMaker.Pair pair : pairs) {
            UUID first = pair.caller().ticket().userId();
            UUID second = pair.callee().ticket().userId();
            keys.addAll(List.of(ticketKey(first), ticketKey(second), matchedKey(first), matchedKey(second),
                    requestKey(first), requestKey(second)));
            args.addAll(List.of(first.toString(), second.toString(), requestId(pair.caller().ticket()),
                    requestId(pair.callee().ticket())));
        }
        List<String> command = new ArrayList<>(List.of(CLAIM, Integer.toString(keys.size())));
        command.addAll(keys);
        command.addAll(args);
        Response claimed = redis.execute("EVAL", command.toArray(String[]::new));
        List<PairMaker.Pair> taken = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (claimed.get(i).toLong() == 1) {
                taken.add(pairs.get(i));
            }
        }
        return taken;
    }

    /** The user's place in the pool, if waiting. */
    Optional<Waiting> waiting(UUID userId) {
        Response score = redis.execute("ZSCORE", WAITING, userId.toString());
        Response ticket = redis.execute("GET", ticketKey(userId));
        if (score == null || ticket == null) {
            return Optional.empty();
        }
        return read(ticket.toString()).map(read -> new Waiting(read, score.toDouble().longValue()));
    }

    /** The request the user was last matched with, while remembered. */
    Optional<MatchTicket> lastMatched(UUID userId) {
        Response ticket = redis.execute("GET", matchedKey(userId));
        return ticket == null ? Optional.empty() : read(ticket.toString());
    }

    /** Up to {@code limit} waiting users, longest waiting first. */
    List<Waiting> snapshot(int limit) {
        Response members = redis.execute("ZRANGE", WAITING, "0", Integer.toString(limit - 1), "WITHSCORES");
        Map<String, Long> scores = new LinkedHashMap<>();
        List<Response> flat = new ArrayList<>();
        for (Response item : members) {
            if (item.type() == ResponseType.MULTI) {
                // RESP3 answers [member, score] pairs; RESP2 a flat list.
                flat.add(item.get(0));
                flat.add(item.get(1));
            } else {
                flat.add(item);
            }
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            scores.put(flat.get(i).toString(), flat.get(i + 1).toDouble().longValue());
        }
        if (scores.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        scores.keySet().forEach(user -> args.add(ticketKey(UUID.fromString(user))));
        Response tickets = redis.execute("MGET", args.toArray(String[]::new));
        List<Waiting> waiting = new ArrayList<>(scores.size());
        int i = 0;
        for (Long enqueuedAt : scores.values()) {
            Response ticket = tickets.get(i++);
            if (ticket != null) {
                read(ticket.toString()).ifPresent(read -> waiting.add(new Waiting(read, enqueuedAt)));
            }
        }
        return waiting;
    }

    private static String requestId(MatchTicket ticket) {
        return ticket.requestId() == null ? "" : ticket.requestId().toString();
    }

    private static String ticketKey(UUID userId) {
        return PREFIX + "ticket:" + userId;
    }

    private static String matchedKey(UUID userId) {
        return PREFIX + "matched:" + userId;
    }

    private static String requestKey(UUID userId) {
        return PREFIX + "request:" + userId;
    }

    private String write(MatchTicket ticket) {
        try {
            return json.writeValueAsString(ticket);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A match ticket is not serializable", e);
        }
    }

    /**
     * The ticket, or empty when this release cannot read it (a value a newer release added to an enum, say): its user is
     * left to the pods that can, rather than failing every pass for everyone. Not removed, since in a rolling deploy
     * the newer pods match them.
     */
    private Optional<MatchTicket> read(String value) {
        try {
            return Optional.of(json.readValue(value, MatchTicket.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("A match ticket in Redis is not readable by this release, skipped: %s",
                    e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
