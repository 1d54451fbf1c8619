package app.banter.notification;

/** What a notification is about; a user can mute the pushes of a category (the in-app list keeps everything). */
public enum NotificationCategory {
    CALLS,
    MESSAGES,
    SOCIAL,
    ROOMS,
    WALLET,
    ACCOUNT
}
