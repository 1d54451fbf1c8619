package app.banter.user;

import java.time.LocalDate;
import java.util.List;

/** Everything registration knows about a new user: the verified phone plus the profile they entered. */
public record NewUser(String phone, String firebaseUid, String fullName, String username, LocalDate dateOfBirth,
        Gender gender, String language, List<String> interests, String referralCode) {
}
