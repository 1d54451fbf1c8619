package app.banter.platform.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import app.banter.platform.error.ApiException;
import app.banter.platform.web.FreeText;

/** Opaque page cursors: clients hand them back unchanged and must not build them. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position inside {@code cursor}, or null for the first page; a cursor we did not make is a 400. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String position;
        try {
            position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notIssued();
        }
        // A position goes into SQL as text, and no position we issue holds U+0000 (FreeText).
        if (FreeText.hasNul(position)) {
            throw notIssued();
        }
        return position;
    }

    private static ApiException notIssued() {
        return ApiException.badRequest("INVALID_CURSOR", "The cursor is not one this service issued");
    }
}
