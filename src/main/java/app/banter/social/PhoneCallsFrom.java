package app.banter.social;

/**
 * Who may ring a user's own phone through the phone network (calls with carrier PHONE): a stranger's call there rings
 * a SIM, whatever the app's presence, so it is friends only unless the user opens it to everyone or closes it.
 */
public enum PhoneCallsFrom {
    EVERYONE,
    FRIENDS,
    NOBODY;

    /** What a user who never chose has, as user_settings' column default says. */
    static PhoneCallsFrom ofStored(String stored) {
        return stored == null ? FRIENDS : valueOf(stored);
    }

    /** Whether a caller, a friend or not, may ring the phone. */
    public boolean admits(boolean friends) {
        return switch (this) {
            case EVERYONE -> true;
            case FRIENDS -> friends;
            case NOBODY -> false;
        };
    }
}
