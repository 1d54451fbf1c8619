package app.banter.platform.web;

/**
 * The one rule for text a client sends: it may not contain U+0000. PostgreSQL cannot store that character in text
 * columns and fails the whole statement, so it is refused at the edge (JSON strings, the request URI, cursors) before
 * anything is read from or written to the database.
 */
public final class FreeText {

    public static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";

    private FreeText() {
    }

    public static boolean hasNul(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                return true;
            }
        }
        return false;
    }
}
