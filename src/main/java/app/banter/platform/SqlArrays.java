package app.banter.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.Oid;
import org.postgresql.jdbc.PgArray;

/**
 * Java values as PostgreSQL arrays, for set-based statements over many rows ({@code = any(?)},
 * {@code unnest(?::uuid[], ...)}): one statement and one round trip whatever the number of rows. Instants travel as
 * ISO-8601 text, to be cast with {@code ?::timestamptz[]}, which keeps their microseconds exact.
 *
 * <p>
 * The arrays are written in PostgreSQL's binary array format and sent as binary parameters. The driver's own
 * {@code createArrayOf} builds a text literal, quoting and escaping every element character by character: for the
 * billing tick's arrays of thousands of ids that was a fifth of the service's CPU.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static Array uuids(Connection connection, Collection<UUID> values) throws SQLException {
        Binary array = new Binary(Oid.UUID, values.size(), 16);
        for (UUID value : values) {
            if (value == null) {
                array.addNull();
            } else {
                array.add(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
            }
        }
        return array.toArray(connection, Oid.UUID_ARRAY);
    }

    public static Array texts(Connection connection, Collection<String> values) throws SQLException {
        List<byte[]> encoded = new ArrayList<>(values.size());
        int bytes = 0;
        for (String value : values) {
            byte[] utf8 = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            encoded.add(utf8);
            bytes += utf8 == null ? 0 : utf8.length;
        }
        Binary array = new Binary(Oid.TEXT, values.size(), 0, bytes);
        for (byte[] utf8 : encoded) {
            if (utf8 == null) {
                array.addNull();
            } else {
                array.add(utf8.length).put(utf8);
            }
        }
        return array.toArray(connection, Oid.TEXT_ARRAY);
    }

    public static Array longs(Connection connection, Collection<Long> values) throws SQLException {
        Binary array = new Binary(Oid.INT8, values.size(), 8);
        for (Long value : values) {
            if (value == null) {
                array.addNull();
            } else {
                array.add(8).putLong(value);
            }
        }
        return array.toArray(connection, Oid.INT8_ARRAY);
    }

    public static Array ints(Connection connection, Collection<Integer> values) throws SQLException {
        Binary array = new Binary(Oid.INT4, values.size(), 4);
        for (Integer value : values) {
            if (value == null) {
                array.addNull();
            } else {
                array.add(4).putInt(value);
            }
        }
        return array.toArray(connection, Oid.INT4_ARRAY);
    }

    public static Array instants(Connection connection, Collection<Instant> values) throws SQLException {
        return texts(connection, values.stream().map(instant -> Objects.toString(instant, null)).toList());
    }

    /**
     * A one-dimensional array in PostgreSQL's binary format (array_send): dimensions, a has-nulls flag, the element
     * type, the length and lower bound (1), then each element as its length (-1 for null) and its bytes.
     */
    private static final class Binary {

        private final ByteBuffer buffer;
        private final int hasNullsAt;
        private boolean hasNulls;

        Binary(int elementOid, int count, int elementSize) {
            this(elementOid, count, elementSize, 0);
        }

        Binary(int elementOid, int count, int elementSize, int extraBytes) {
            buffer = ByteBuffer.allocate(20 + count * (4 + elementSize) + extraBytes);
            buffer.putInt(count == 0 ? 0 : 1);
            hasNullsAt = buffer.position();
            buffer.putInt(0).putInt(elementOid);
            if (count > 0) {
                buffer.putInt(count).putInt(1);
            }
        }

        ByteBuffer add(int length) {
            return buffer.putInt(length);
        }

        void addNull() {
            buffer.putInt(-1);
            hasNulls = true;
        }

        Array toArray(Connection connection, int arrayOid) throws SQLException {
            if (hasNulls) {
                buffer.putInt(hasNullsAt, 1);
            }
            byte[] bytes = buffer.position() == buffer.capacity() ? buffer.array()
                    : java.util.Arrays.copyOf(buffer.array(), buffer.position());
            return new PgArray(connection.unwrap(BaseConnection.class), arrayOid, bytes);
        }
    }
}
