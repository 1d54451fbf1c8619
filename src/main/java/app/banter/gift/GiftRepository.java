package app.banter.gift;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class GiftRepository implements PanacheRepositoryBase<Gift, UUID> {

    /**
     * Records the gift unless the sender already used its idempotency key; false then. A concurrent insert of the same
     * key waits here for the first transaction and then finds the key taken (or goes ahead if that one rolled back),
     * so one key makes one gift however many requests carry it at once.
     */
    public boolean insertIfAbsent(Gift gift) {
        return getEntityManager().createNativeQuery("""
                insert into gifts (id, sender_id, receiver_id, idempotency_key, gift_id, quantity, unit_price, coins,
                                   receiver_coins, room_id, call_id, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                on conflict (sender_id, idempotency_key) do nothing""")
                .setParameter(1, gift.id)
                .setParameter(2, gift.senderId)
                .setParameter(3, gift.receiverId)
                .setParameter(4, gift.idempotencyKey)
                .setParameter(5, gift.giftId)
                .setParameter(6, gift.quantity)
                .setParameter(7, gift.unitPrice)
                .setParameter(8, gift.coins)
                .setParameter(9, gift.receiverCoins)
                .setParameter(10, gift.roomId)
                .setParameter(11, gift.callId)
                .setParameter(12, gift.createdAt)
                .executeUpdate() == 1;
    }

    public Optional<Gift> findByKey(UUID senderId, String idempotencyKey) {
        return find("senderId = ?1 and idempotencyKey = ?2", senderId, idempotencyKey).firstResultOptional();
    }

    /** Gifts the user sent, newest first, after the cursor. */
    public List<Gift> sentBy(UUID userId, TimeCursor after, int limit) {
        return page("senderId", userId, after, limit);
    }

    /** Gifts the user received, newest first, after the cursor. */
    public List<Gift> receivedBy(UUID userId, TimeCursor after, int limit) {
        return page("receiverId", userId, after, limit);
    }

    /**
     * The room's biggest givers over all its gifts: coins summed per sender, ties to whoever gave first, leaving out
     * {@code hidden} in the query itself, so that the limit counts only givers the viewer may see.
     */
    public List<GiftViews.Gifter> topGiftersOf(UUID roomId, Collection<UUID> hidden, int limit) {
        // Plain SQL with one array parameter (empty when nobody is hidden): a list parameter would be translated anew.
        return Jdbc.query(getEntityManager(), """
                select sender_id, sum(coins), count(*) from gifts where room_id = ? and sender_id <> all(?)
                group by sender_id order by sum(coins) desc, min(created_at), sender_id limit ?""",
                (statement, connection) -> {
                    statement.setObject(1, roomId);
                    statement.setArray(2, SqlArrays.uuids(connection, hidden));
                    statement.setInt(3, limit);
                },
                row -> new GiftViews.Gifter(row.getObject(1, UUID.class), row.getLong(2), row.getLong(3)));
    }

    private List<Gift> page(String party, UUID userId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", userId);
        String query = party + " = :user";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }
}
