package app.banter.user;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import org.hibernate.query.NativeQuery;

import app.banter.platform.Jdbc;
import app.banter.platform.SqlArrays;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findActive(UUID id) {
        return find("id = ?1 and status = 'ACTIVE'", id).firstResultOptional();
    }

    public Optional<User> findActiveByPhone(String phone) {
        return find("phone = ?1 and status = 'ACTIVE'", phone).firstResultOptional();
    }

    /** Summaries of the given users, deleted ones included (they still appear in others' histories). */
    public Map<UUID, UserSummary> summaries(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // Plain SQL with one array parameter: Hibernate translates a query with a list parameter anew on every call
        // (its SQL depends on the list's length), which was a third of a page of conversations' CPU. Reads what is
        // flushed (no auto-flush): no caller changes a user and lists summaries in the same transaction.
        List<UserSummary> found = Jdbc.query(getEntityManager(),
                "select id, username, full_name, avatar_url from users where id = any(?)",
                (statement, connection) -> statement.setArray(1, SqlArrays.uuids(connection, ids)),
                rows -> new UserSummary(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                        rows.getString(4)));
        Map<UUID, UserSummary> summaries = new HashMap<>(found.size() * 2);
        found.forEach(summary -> summaries.put(summary.id(), summary));
        return summaries;
    }

    /** Those of these users who are premium members at {@code now}. */
    public Set<UUID> premiumAmong(Collection<UUID> ids, Instant now) {
        return new HashSet<>(Jdbc.query(getEntityManager(),
                "select id from users where id = any(?) and premium_until > ?", (statement, connection) -> {
                    statement.setArray(1, SqlArrays.uuids(connection, ids));
                    statement.setObject(2, now.atOffset(ZoneOffset.UTC));
                }, rows -> rows.getObject(1, UUID.class)));
    }

    /** The active ones of these users, in one query. */
    public List<User> findActive(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1 and status = 'ACTIVE'", ids);
    }

    /** Share-locks the rows of these accounts until commit, in the order of their ids. */
    public void lockForShare(UUID a, UUID b) {
        getEntityManager().createNativeQuery("select 1 from users where id in (?1, ?2) order by id for share")
                .setParameter(1, a).setParameter(2, b).getResultList();
    }

    public boolean isUsernameTaken(String username) {
        // Not Panache's count: Hibernate builds and translates a count query anew on every call (never cached).
        return !getEntityManager().createQuery("select 1 from User where username = ?1", Integer.class)
                .setParameter(1, username).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * Active users matching the filter who are not banned, other than {@code excluded}, among {@code among} when that is
     * not null, ordered by username, after the cursor position; fetches {@code limit} rows. One query whatever the
     * filter.
     */
    @SuppressWarnings("unchecked")
    public List<User> discover(DiscoverFilter filter, Collection<UUID> among, Collection<UUID> excluded,
            String afterUsername, int limit) {
        if (among != null && among.isEmpty()) {
            return List.of();
        }
        // {u.*}, not *: Hibernate writes out the entity's columns, so the statement prepared on the server keeps its
        // result type when a migration adds a column (select * would fail once on every pooled connection).
        // Bans are social's table, read here in the same statement (as the push outbox reads blocks): a list of every
        // banned user passed in would grow without bound, and filtering after the query would break the pages.
        StringBuilder sql = new StringBuilder("""
                select {u.*} from users u where status = 'ACTIVE'
                and not exists (select 1 from user_standings s where s.user_id = u.id and s.status = 'BANNED')""");
        Map<String, Object> parameters = new HashMap<>();
        if (filter.prefix() != null) {
            sql.append(" and (username like :like escape '!' or lower(full_name) like :like escape '!')");
            parameters.put("like", escapeLike(filter.prefix()) + "%");
        }
        if (filter.language() != null) {
            sql.append(" and language = :language");
            parameters.put("language", filter.language());
        }
        if (!filter.interests().isEmpty()) {
            sql.append(" and exists (select 1 from unnest(interests) interest where lower(interest) in (:interests))");
            parameters.put("interests", filter.interests());
        }
        if (among != null) {
            sql.append(" and id in (:among)");
            parameters.put("among", among);
        }
        if (!excluded.isEmpty()) {
            sql.append(" and id not in (:excluded)");
            parameters.put("excluded", excluded);
        }
        if (afterUsername != null) {
            sql.append(" and username > :after");
            parameters.put("after", afterUsername);
        }
        sql.append(" order by username limit :limit");
        parameters.put("limit", limit);
        Query query = getEntityManager().createNativeQuery(sql.toString()).unwrap(NativeQuery.class)
                .addEntity("u", User.class);
        parameters.forEach(query::setParameter);
        return query.getResultList();
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    // Operator lookups (issue 16)

    /** Any status: staff look up deleted accounts too. {@code username} is lower-case, as stored. */
    public Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
