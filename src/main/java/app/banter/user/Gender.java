package app.banter.user;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Requests read it case-insensitively ({@code @JsonFormat(with = ACCEPT_CASE_INSENSITIVE_VALUES)} on each request
 * property: Jackson does not honour that feature on the enum itself), so that the app may send {@code female}.
 * {@code prefer_not_to_say} (the app's wording) is the same choice as UNDISCLOSED and is stored and returned as that;
 * OTHER is a choice of its own.
 */
public enum Gender {
    MALE,
    FEMALE,
    NON_BINARY,
    @JsonAlias("PREFER_NOT_TO_SAY")
    UNDISCLOSED,
    OTHER
}
