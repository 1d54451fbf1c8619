package app.banter.room;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.AfterCommit;
import app.banter.realtime.RealtimeEvents;
import app.banter.room.RoomEvents.MemberCount;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes a crowd's live member count to all of it at most once a second, however many listeners come and go
 * meanwhile. Each pod remembers the rooms whose count it changed; a short Redis key per room keeps pods from
 * publishing the same room within the same second. A room stays remembered until its count is published after its
 * last change, so the count members are left with is the final one.
 */
@ApplicationScoped
class RoomCounts {

    private static final long EVERY_MILLIS = 1000;

    private final Set<UUID> changed = ConcurrentHashMap.newKeySet();
    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RealtimeEvents events;
    private final AfterCommit afterCommit;
    private final RedisDataSource redis;

    RoomCounts(RoomRepository rooms, RoomMemberRepository members, RealtimeEvents events, AfterCommit afterCommit,
            RedisDataSource redis) {
        this.rooms = rooms;
        this.members = members;
        this.events = events;
        this.afterCommit = afterCommit;
        this.redis = redis;
    }

    /** The room's count changed in the current transaction. */
    void changed(UUID roomId) {
        afterCommit.run(() -> changed.add(roomId));
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        for (UUID roomId : changed) {
            // Another pod published this room less than a second ago: try again on the next tick.
            if (redis.execute("SET", "rooms:count-sent:" + roomId, "1", "NX", "PX", Long.toString(EVERY_MILLIS))
                    == null) {
                continue;
            }
            // Forgotten before the read, so a change committed after the read is published on a later tick.
            changed.remove(roomId);
            QuarkusTransaction.requiringNew().run(() -> rooms.findByIdOptional(roomId).filter(Room::isLive)
                    .ifPresent(room -> events.sendToUsers(members.presentIds(roomId),
                            new MemberCount(roomId, room.memberCount))));
        }
    }
}
