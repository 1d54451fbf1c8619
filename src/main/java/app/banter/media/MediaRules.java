package app.banter.media;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.error.ApiException;

/** Formats and size limits per purpose, from {@link MediaConfig}; a format we cannot check stops the start. */
@ApplicationScoped
class MediaRules {

    private final Map<MediaPurpose, List<String>> types = new EnumMap<>(MediaPurpose.class);
    private final Map<MediaPurpose, Long> maxSizes = new EnumMap<>(MediaPurpose.class);

    MediaRules(MediaConfig config) {
        types.put(MediaPurpose.AVATAR, normalized(config.imageTypes()));
        types.put(MediaPurpose.CHAT_IMAGE, normalized(config.imageTypes()));
        types.put(MediaPurpose.ROOM_COVER, normalized(config.imageTypes()));
        types.put(MediaPurpose.VOICE_MESSAGE, normalized(config.voiceTypes()));
        types.put(MediaPurpose.KYC_DOCUMENT, normalized(config.kycDocumentTypes()));
        maxSizes.put(MediaPurpose.AVATAR, config.avatarMaxSize().asLongValue());
        maxSizes.put(MediaPurpose.CHAT_IMAGE, config.chatImageMaxSize().asLongValue());
        maxSizes.put(MediaPurpose.ROOM_COVER, config.roomCoverMaxSize().asLongValue());
        maxSizes.put(MediaPurpose.VOICE_MESSAGE, config.voiceMessageMaxSize().asLongValue());
        maxSizes.put(MediaPurpose.KYC_DOCUMENT, config.kycDocumentMaxSize().asLongValue());
        types.values().stream().flatMap(List::stream).filter(type -> !MediaFormats.isKnown(type)).findFirst()
                .ifPresent(type -> {
                    throw new IllegalStateException("banter.media: " + type + " is not a format whose content the "
                            + "service can check");
                });
    }

    /** The content type as stored (lower case, no parameters), once it is allowed for the purpose and size. */
    String requireAllowed(MediaPurpose purpose, String contentType, long size) {
        String type = normalize(contentType);
        if (!types.get(purpose).contains(type)) {
            throw ApiException.badRequest("MEDIA_TYPE_NOT_ALLOWED",
                    purpose + " accepts " + String.join(", ", types.get(purpose)));
        }
        if (size > maxSizes.get(purpose)) {
            throw ApiException.badRequest("MEDIA_TOO_LARGE",
                    purpose + " is at most " + maxSizes.get(purpose) + " bytes");
        }
        return type;
    }

    static String normalize(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> normalized(List<String> configured) {
        return configured.stream().map(MediaRules::normalize).toList();
    }
}
