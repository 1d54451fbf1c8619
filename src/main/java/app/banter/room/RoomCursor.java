package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Cursor;

/** Discovery's keyset position: friend speaking, live member count, creation time, id (all descending). */
final class RoomCursor {

    private RoomCursor() {
    }

    static String encode(RoomRepository.Listing listing) {
        return Cursor.encode((listing.friendSpeaking() ? 1 : 0) + "|" + listing.memberCount() + "|"
                + listing.createdAt().getEpochSecond() + "." + listing.createdAt().getNano() + "|"
                + listing.roomId());
    }

    static RoomRepository.Listing decode(String cursor) {
        String position = Cursor.decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            String[] parts = position.split("\\|", -1);
            String[] at = parts[2].split("\\.", -1);
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(at[0]), Long.parseLong(at[1]));
            int members = Integer.parseInt(parts[1]);
            if (parts.length != 4 || members < 0 || createdAt.isBefore(Instant.EPOCH)
                    || createdAt.isAfter(Instant.now().plusSeconds(86_400))) {
                throw new IllegalArgumentException("out of range");
            }
            return new RoomRepository.Listing(UUID.fromString(parts[3]), "1".equals(parts[0]), members, createdAt);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this service issued");
        }
    }
}
