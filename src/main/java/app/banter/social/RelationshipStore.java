package app.banter.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.SqlArrays;

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
                   (select phone_calls_from from user_settings where user_id = p.recipient)
            from (values (?::uuid, ?::uuid)) as p (sender, recipient)""";

    private static final String KEPT_APART = """
            select first_id, second_id, blocked, first_unavailable, second_unavailable from (
                select p.first_id, p.second_id,
                       exists(select 1 from blocks
                              where blocker_id = p.first_id and blocked_id = p.second_id
                                 or blocker_id = p.second_id and blocked_id = p.first_id) as blocked,
                       exists(select 1 from user_standings where user_id = p.first_id)
                           or not exists(select 1 from users where id = p.first_id and status = 'ACTIVE')
                           as first_unavailable,
                       exists(select 1 from user_standings where user_id = p.second_id)
                           or not exists(select 1 from users where id = p.second_id and status = 'ACTIVE')
                           as second_unavailable
                from unnest(?::uuid[], ?::uuid[]) as p (first_id, second_id)) as pairs
            where blocked or first_unavailable or second_unavailable""";

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
                        row.getBoolean(5), row.getBoolean(6), PhoneCallsFrom.ofStored(row.getString(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Relationship lookup failed", e);
        }
    }

    /**
     * Of the pairs {@code firsts.get(i)} with {@code seconds.get(i)}, those who may not talk now, in one statement
     * however many pairs: blocked either way, or either of them under a moderation measure or no longer an active
     * account (deleted since the pair was chosen).
     */
    public List<KeptApart> keptApart(List<UUID> firsts, List<UUID> seconds) {
        List<KeptApart> apart = new ArrayList<>();
        if (firsts.isEmpty()) {
            return apart;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(KEPT_APART)) {
            statement.setArray(1, SqlArrays.uuids(connection, firsts));
            statement.setArray(2, SqlArrays.uuids(connection, seconds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    apart.add(new KeptApart(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            rows.getBoolean(3), rows.getBoolean(4), rows.getBoolean(5)));
                }
            }
            return apart;
        } catch (SQLException e) {
            throw new IllegalStateException("Relationship lookup failed", e);
        }
    }

    /** Two people who may not talk now: why, for each (unavailable: under a measure, or the account is gone). */
    public record KeptApart(UUID first, UUID second, boolean blocked, boolean firstUnavailable,
            boolean secondUnavailable) {
    }

    /**
     * How {@code from} stands towards {@code to}: whether {@code to} is an active account, who blocked whom, whether
     * {@code from} is restricted or banned, whether they are friends, whether {@code to} takes DMs from anyone, and
     * whom {@code to} takes phone-network calls from.
     */
    public record Relationship(boolean recipientActive, boolean blockedByRecipient, boolean recipientBlocked,
            boolean senderRestricted, boolean friends, boolean recipientDmsOpen,
            PhoneCallsFrom recipientPhoneCallsFrom) {

        /** Whether {@code to}'s setting lets {@code from} ring their phone through the phone network. */
        public boolean recipientTakesPhoneCalls() {
            return recipientPhoneCallsFrom.admits(friends);
        }
    }
}
