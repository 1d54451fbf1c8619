package app.banter.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import app.banter.media.MediaAttachments;
import app.banter.media.MediaPurpose;
import app.banter.media.MediaRef;
import app.banter.user.AccountDeleted;

/**
 * A cover is public on the CDN for as long as its room uses it. It is released, for the media cleanup to delete, when
 * the room ends and when the account that uploaded it is deleted (the room, live or handed over, goes on without it).
 */
@ApplicationScoped
class RoomCovers {

    private final RoomRepository rooms;
    private final MediaAttachments attachments;

    RoomCovers(RoomRepository rooms, MediaAttachments attachments) {
        this.rooms = rooms;
        this.attachments = attachments;
    }

    /** Ends the room's use of its cover, in the caller's transaction (which holds the room's row). */
    void release(Room room) {
        if (room.coverMediaKey != null) {
            attachments.release(MediaRef.fromKey(room.coverMediaKey));
            room.coverMediaKey = null;
        }
    }

    /** Fired in the deleting transaction; the covers of rooms that ended were released when they ended. */
    void forget(@Observes AccountDeleted event) {
        for (MediaRef cover : attachments.attachedOf(event.userId(), MediaPurpose.ROOM_COVER)) {
            rooms.dropCover(cover.key());
            attachments.release(cover);
        }
    }
}
