package app.banter.chat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.media.MediaAttachments;
import app.banter.media.MediaPurpose;
import app.banter.media.MediaRef;
import app.banter.media.SignedUrl;
import app.banter.platform.error.ApiException;

/**
 * Uploaded images and voice notes of direct messages, through the media feature's port. Only members ever see a
 * message view, so only they get its short-lived read URL.
 */
@ApplicationScoped
class MessageMedia {

    private final MediaAttachments media;
    private final ChatConfig config;

    MessageMedia(MediaAttachments media, ChatConfig config) {
        this.media = media;
        this.config = config;
    }

    /**
     * The content of a new message after the rules of its kind; an uploaded image or voice note is not attached yet
     * (that happens with the message, {@link #attach}).
     */
    MessageStore.Content content(ChatRequests.Send request, String text) {
        boolean hasMedia = request.mediaId() != null || request.mediaUrl() != null;
        Message.Kind kind = request.kind() != null ? request.kind() : hasMedia ? Message.Kind.IMAGE : Message.Kind.TEXT;
        if (request.mediaId() != null && request.mediaUrl() != null) {
            throw invalid("Give mediaId or mediaUrl, not both");
        }
        if (kind != Message.Kind.VOICE && request.durationSeconds() != null) {
            throw invalid("durationSeconds belongs to voice notes");
        }
        switch (kind) {
            case TEXT -> {
                if (hasMedia) {
                    throw invalid("A TEXT message has no media; use kind IMAGE or VOICE");
                }
                if (text == null) {
                    throw ApiException.badRequest("EMPTY_MESSAGE", "Send text, an image (mediaUrl), or both");
                }
            }
            case IMAGE -> {
                if (!hasMedia) {
                    throw invalid("An IMAGE message needs mediaId (an uploaded CHAT_IMAGE) or mediaUrl");
                }
            }
            case VOICE -> {
                if (request.mediaId() == null || request.mediaUrl() != null || text != null) {
                    throw invalid("A VOICE message is an uploaded VOICE_MESSAGE (mediaId) without text");
                }
                Integer seconds = request.durationSeconds();
                if (seconds == null || seconds < config.voiceMinSeconds() || seconds > config.voiceMaxSeconds()) {
                    throw ApiException.badRequest("INVALID_DURATION", "A voice note needs durationSeconds from "
                            + config.voiceMinSeconds() + " to " + config.voiceMaxSeconds());
                }
            }
        }
        return new MessageStore.Content(kind, text, request.mediaUrl(), request.mediaId(), request.durationSeconds());
    }

    /** Attaches the message's upload in the caller's transaction: someone else's, unfinished, used or wrong is refused. */
    void attach(UUID senderId, MessageStore.Content content) {
        media.attach(senderId, content.mediaId(), purposeOf(content.kind()));
    }

    /** A deleted message no longer uses its upload. */
    void release(Message message) {
        if (message.mediaId != null) {
            media.release(MediaRef.of(message.mediaId, purposeOf(message.kind)));
            message.mediaId = null;
        }
    }

    /** A fresh read URL of the message's upload, or null when it has none. */
    SignedUrl link(Message.Kind kind, UUID mediaId) {
        return mediaId == null ? null : media.readUrl(MediaRef.of(mediaId, purposeOf(kind)));
    }

    MessageView view(Message message) {
        return MessageView.of(message, link(message.kind, message.mediaId));
    }

    private static MediaPurpose purposeOf(Message.Kind kind) {
        return kind == Message.Kind.VOICE ? MediaPurpose.VOICE_MESSAGE : MediaPurpose.CHAT_IMAGE;
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("INVALID_MESSAGE", detail);
    }
}
