package app.banter.user;

public enum Gender {
    MALE,
    FEMALE,
    NON_BINARY,
    UNDISCLOSED
}
