package app.banter.user;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

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
        return list("id in ?1", ids).stream().map(UserSummary::of)
                .collect(Collectors.toMap(UserSummary::id, Function.identity()));
    }

    public boolean isUsernameTaken(String username) {
        return count("username", username) > 0;
    }

    /**
     * Active users whose username or name starts with {@code prefix} (lower-case), other than {@code excluded},
     * ordered by username, after the cursor position; fetches {@code limit} rows.
     */
    public List<User> searchByPrefix(String prefix, String afterUsername, Collection<UUID> excluded, int limit) {
        Parameters parameters = Parameters.with("like", escapeLike(prefix) + "%");
        String query = "status = 'ACTIVE' and (username like :like escape '!' or lower(fullName) like :like escape '!')";
        if (!excluded.isEmpty()) {
            query += " and id not in :excluded";
            parameters.and("excluded", excluded);
        }
        if (afterUsername != null) {
            query += " and username > :after";
            parameters.and("after", afterUsername);
        }
        return find(query + " order by username", parameters).page(0, limit).list();
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
