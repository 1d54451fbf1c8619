package app.banter.user;

/**
 * Which push service part a device's notifications need. Its own type, not nested in the Device entity, so that
 * sign-in (auth) can take it without reaching into user's entities.
 */
public enum DevicePlatform {
    ANDROID,
    IOS
}
