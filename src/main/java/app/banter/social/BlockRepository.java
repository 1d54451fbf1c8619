package app.banter.social;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.Jdbc;
import app.banter.platform.paging.TimeCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class BlockRepository implements PanacheRepositoryBase<Block, Block.Key> {

    /** Returns false when the block already existed. */
    public boolean insert(UUID blockerId, UUID blockedId, Instant now) {
        return getEntityManager().createNativeQuery("""
                insert into blocks (blocker_id, blocked_id, created_at) values (?1, ?2, ?3) on conflict do nothing""")
                .setParameter(1, blockerId).setParameter(2, blockedId).setParameter(3, now)
                .executeUpdate() > 0;
    }

    /** Returns false when there was no such block. */
    public boolean remove(UUID blockerId, UUID blockedId) {
        return delete("blockerId = ?1 and blockedId = ?2", blockerId, blockedId) > 0;
    }

    /**
     * Plain SQL: asked before every notice and chat frame, and Hibernate's path for even a cached HQL query was 5 to
     * 8 % of a message's CPU when its recipient is offline (bench/rest). Blocks are only ever written by statements,
     * never left pending in the session, so there is nothing to flush first.
     */
    public boolean existsEitherWay(UUID a, UUID b) {
        return !Jdbc.query(getEntityManager(), """
                select 1 from blocks where (blocker_id = ? and blocked_id = ?) or (blocker_id = ? and blocked_id = ?)
                limit 1""", (statement, connection) -> {
                    statement.setObject(1, a);
                    statement.setObject(2, b);
                    statement.setObject(3, b);
                    statement.setObject(4, a);
                }, row -> true).isEmpty();
    }

    /** Everyone {@code userId} blocked or was blocked by. */
    public Set<UUID> blockedEitherWay(UUID userId) {
        return getEntityManager().createQuery("""
                select case when blockerId = ?1 then blockedId else blockerId end
                from Block where blockerId = ?1 or blockedId = ?1""", UUID.class)
                .setParameter(1, userId).getResultStream().collect(Collectors.toSet());
    }

    public List<Block> blockedBy(UUID blockerId, TimeCursor after, int limit) {
        Parameters parameters = Parameters.with("user", blockerId);
        String query = "blockerId = :user";
        if (after != null) {
            query += " and (createdAt < :at or (createdAt = :at and blockedId < :id))";
            parameters.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt desc, blockedId desc", parameters).page(0, limit).list();
    }

    /** The blocks others placed on a deleted account, kept under its phone's hash for the phone's next account. */
    public void keepForPhone(UUID blockedId, String phoneHash) {
        getEntityManager().createNativeQuery("""
                insert into phone_blocks (phone_hash, blocker_id, created_at)
                select ?2, blocker_id, created_at from blocks where blocked_id = ?1
                on conflict do nothing""")
                .setParameter(1, blockedId).setParameter(2, phoneHash).executeUpdate();
    }

    /** Moves the blocks kept under the phone's hash onto its new account. */
    public void carryOver(String phoneHash, UUID blockedId) {
        getEntityManager().createNativeQuery("""
                with kept as (delete from phone_blocks where phone_hash = ?1 returning blocker_id, created_at)
                insert into blocks (blocker_id, blocked_id, created_at) select blocker_id, ?2, created_at from kept
                on conflict do nothing""")
                .setParameter(1, phoneHash).setParameter(2, blockedId).executeUpdate();
    }

    /** Every block by or on the user, and those they placed on the phones of deleted accounts. */
    public void deleteAllOf(UUID userId) {
        delete("blockerId = ?1 or blockedId = ?1", userId);
        getEntityManager().createNativeQuery("delete from phone_blocks where blocker_id = ?1")
                .setParameter(1, userId).executeUpdate();
    }
}
