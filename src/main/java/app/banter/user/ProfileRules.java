package app.banter.user;

/** The shape of profile fields, shared by registration and profile edits. */
public final class ProfileRules {

    /** Letters are accepted in either case and stored lower-case, which makes usernames unique case-insensitively. */
    public static final String USERNAME = "^[A-Za-z0-9_]{3,20}$";
    public static final String USERNAME_MESSAGE = "must be 3 to 20 letters, digits or underscores";
    public static final String FULL_NAME = "^[^\\p{Cntrl}]{1,60}$";
    public static final String FULL_NAME_MESSAGE = "must be 1 to 60 characters without control characters";
    /** ISO 639 language code such as "hi", "en" or "mai". */
    public static final String LANGUAGE = "^[a-z]{2,3}$";
    public static final String LANGUAGE_MESSAGE = "must be an ISO 639 language code such as hi or en";
    public static final String INTEREST = "^[^\\p{Cntrl}]{1,30}$";
    public static final int MAX_INTERESTS = 10;
    /**
     * The shape of an avatar given as a URL; which URLs are accepted is {@link app.banter.media.OwnMediaUrl}'s (http
     * only where the media base URL is, the local storage emulator's).
     */
    public static final String AVATAR_URL = "^https?://\\S{1,500}$";
    public static final int MAX_BIO = 300;

    private ProfileRules() {
    }
}
