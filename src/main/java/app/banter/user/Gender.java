package app.banter.user;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Read case-insensitively, so that the app may send {@code female} or {@code Female}. {@code prefer_not_to_say} (the
 * app's wording) is the same choice as UNDISCLOSED and is stored and returned as that; OTHER is a choice of its own.
 */
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
public enum Gender {
    MALE,
    FEMALE,
    NON_BINARY,
    @JsonAlias("PREFER_NOT_TO_SAY")
    UNDISCLOSED,
    OTHER
}
