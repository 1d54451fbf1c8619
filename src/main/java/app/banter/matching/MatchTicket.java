package app.banter.matching;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import app.banter.call.Call;
import app.banter.user.Gender;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a waiting user asked for and what the matcher needs to know about them, as held in Redis. The user's gender
 * and premium standing are read from the profile when they join the queue. {@code requestId} is new for every request
 * (every post to the queue, a change keeping the place too), so that a claim can tell the request the matcher read
 * from a newer one: the join time alone stays the same when the request changes.
 *
 * <p>
 * Read leniently, unlike request bodies: tickets outlive the pod that wrote them, and one written by a newer release (a
 * field added) must not stop the older pods' matching during a rolling deploy or after a rollback.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record MatchTicket(UUID userId, UUID requestId, List<String> languages, List<String> interests, Call.Type mode,
        Gender gender, Gender preferredGender, boolean premium) {
}
