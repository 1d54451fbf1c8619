package app.banter.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Everything that decides whether one user may reach another, read in one round trip: messages and calls ask it on
 * every attempt, so the seven answers come from one statement instead of seven, in plain JDBC on the transaction's
 * connection when there is one (no Hibernate session for a read that maps to no entity). Callers ask before they change
 * anything: this does not flush pending entity changes first.
 */
@ApplicationScoped
public class RelationshipStore {

    private static final String BETWEEN = """
            select exists(select 1 from users where id = p.recipient and status = 'ACTIVE'),
                   exists(select 1 from blocks where blocker_id = p.recipient and blocked_id = p.sender),
                   exists(select 1 from blocks where blocker_id = p.sender and blocked_id = p.recipient),
                   exists(select 1 from user_standings where user_id = p.sender),
                   exists(select 1 from friendships where user_id = p.sender and friend_id = p.recipient),
                   exists(select 1 from user_settings where user_id = p.recipient and dms_open),
                   exists(select 1 from user_standings where user_id = p.recipient and status = 'BANNED')
            from (values (?::uuid, ?::uuid)) as p (sender, recipient)""";

    private final DataSource dataSource;

    RelationshipStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Relationship between(UUID from, UUID to) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BETWEEN)) {
            statement.setObject(1, from);
            statement.setObject(2, to);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Relationship(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getBoolean(4),
                        row.getBoolean(5), row.getBoolean(6), row.getBoolean(7));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Relationship lookup failed", e);
        }
    }

    /**
     * How {@code from} stands towards {@code to}: whether {@code to} is an active account, who blocked whom, whether
     * {@code from} is restricted or banned, whether they are friends, whether {@code to} takes DMs from anyone, and
     * whether {@code to} is banned (a ban leaves the account ACTIVE: only signing in is refused).
     */
    public record Relationship(boolean recipientActive, boolean blockedByRecipient, boolean recipientBlocked,
            boolean senderRestricted, boolean friends, boolean recipientDmsOpen, boolean recipientBanned) {
    }
}
