package app.banter.media;

import java.util.UUID;

/**
 * An attached upload as other features keep it: its id and purpose, from which the blob's container and name follow.
 * A feature stores the id (or {@link #key()}) with its own row and asks {@link MediaAttachments} for URLs when it shows
 * it.
 */
public record MediaRef(UUID id, MediaPurpose purpose) {

    public MediaRef {
        if (id == null || purpose == null) {
            throw new IllegalArgumentException("A media reference needs an id and a purpose");
        }
    }

    public static MediaRef of(UUID id, MediaPurpose purpose) {
        return new MediaRef(id, purpose);
    }

    /** "container/blob", e.g. "room-covers/8d6c...": one string for a feature that stores a key. */
    public String key() {
        return purpose.container() + "/" + blobName();
    }

    /** The reference a {@link #key()} names. */
    public static MediaRef fromKey(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not a media key");
        }
        String container = key.substring(0, slash);
        for (MediaPurpose purpose : MediaPurpose.values()) {
            if (purpose.container().equals(container)) {
                return new MediaRef(UUID.fromString(key.substring(slash + 1)), purpose);
            }
        }
        throw new IllegalArgumentException("Not a media key");
    }

    String blobName() {
        return id.toString();
    }
}
