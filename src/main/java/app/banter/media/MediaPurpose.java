package app.banter.media;

/**
 * What an upload is for. The purpose fixes the container its blob is kept in once completed (every upload is first
 * written to the private staging container), the formats and size it may have, and who may read it: public media
 * through the CDN, private media only through short-lived read SAS URLs.
 */
public enum MediaPurpose {

    AVATAR("avatars", true),
    CHAT_IMAGE("chat-media", false),
    VOICE_MESSAGE("voice-messages", false),
    ROOM_COVER("room-covers", true),
    KYC_DOCUMENT("verification", false);

    private final String container;
    private final boolean isPublic;

    MediaPurpose(String container, boolean isPublic) {
        this.container = container;
        this.isPublic = isPublic;
    }

    /** The Blob Storage container of this purpose's blobs. */
    public String container() {
        return container;
    }

    /** Whether anyone may read it through the CDN (avatars, room covers). */
    public boolean isPublic() {
        return isPublic;
    }
}
