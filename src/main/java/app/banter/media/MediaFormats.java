package app.banter.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The formats the service accepts and how each one's file starts (its magic number). Completion reads only the first
 * {@link #HEAD_LENGTH} bytes of a blob to tell whether it really is the declared format.
 */
final class MediaFormats {

    /** Enough for every signature below (WebP needs 12 bytes, MPEG-4's "ftyp" box ends at 8). */
    static final int HEAD_LENGTH = 16;

    private static final Map<String, Predicate<byte[]>> SIGNATURES = Map.of(
            "image/jpeg", head -> startsWith(head, 0, 0xFF, 0xD8, 0xFF),
            "image/png", head -> startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
            "image/webp", head -> startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP"),
            "application/pdf", head -> startsWith(head, 0, "%PDF-"),
            // Opus (or Vorbis) in an Ogg container: every page starts with "OggS".
            "audio/ogg", head -> startsWith(head, 0, "OggS"),
            // AAC in an MPEG-4 container (.m4a): the first box is "ftyp".
            "audio/mp4", head -> startsWith(head, 4, "ftyp"),
            // Raw AAC in ADTS frames: a 12-bit sync word 0xFFF with layer 00; some encoders put an ID3 tag first.
            "audio/aac", head -> head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0
                    || startsWith(head, 0, "ID3"));

    private MediaFormats() {
    }

    static boolean isKnown(String contentType) {
        return SIGNATURES.containsKey(contentType);
    }

    /** Whether {@code head}, the first bytes of a file, are those of {@code contentType}. */
    static boolean matches(String contentType, byte[] head) {
        Predicate<byte[]> signature = SIGNATURES.get(contentType);
        return signature != null && signature.test(head);
    }

    private static boolean startsWith(byte[] head, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
        return head.length >= offset + expected.length
                && Arrays.equals(head, offset, offset + expected.length, expected, 0, expected.length);
    }

    private static boolean startsWith(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
