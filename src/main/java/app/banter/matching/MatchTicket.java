package app.banter.matching;

import java.util.List;
import java.util.UUID;

import app.banter.call.Call;
import app.banter.user.Gender;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a waiting user asked for and what the matcher needs to know about them, as held in Redis. The user's gender
 * and premium standing are read from the profile when they join the queue.
 */
@RegisterForReflection
record MatchTicket(UUID userId, List<String> languages, List<String> interests, Call.Type mode, Gender gender,
        Gender preferredGender, boolean premium) {
}
