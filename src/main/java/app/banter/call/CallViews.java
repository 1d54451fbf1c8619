package app.banter.call;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.user.UserSummary;

/** Request and response bodies of the call endpoints. */
public final class CallViews {

    private CallViews() {
    }

    /** {@code carrier}: APP (LiveKit, the default) or PHONE (bridged over the phone network; voice only). */
    public record StartCallRequest(@NotNull UUID calleeId, @NotNull Call.Type type,
            @Schema(nullable = true, defaultValue = "APP") Call.Carrier carrier) {

        public Call.Carrier carrierOrDefault() {
            return carrier == null ? Call.Carrier.APP : carrier;
        }
    }

    public record CallView(UUID id, UUID callerId, UUID calleeId, Call.Type type, Call.Status status,
            long ratePerMinute, Instant createdAt, @Schema(nullable = true) Instant answeredAt,
            @Schema(nullable = true) Instant connectedAt, @Schema(nullable = true) Instant endedAt,
            @Schema(nullable = true) String endReason, int durationSeconds, int billedMinutes, long coinsCharged,
            Call.Carrier carrier, @Schema(nullable = true, description = "The other party's public profile, in "
                    + "the call history and in GET /calls/{id}") UserSummary otherParty) {

        static CallView of(Call c) {
            return of(c, null);
        }

        static CallView of(Call c, UserSummary otherParty) {
            return new CallView(c.id, c.callerId, c.calleeId, c.type, c.status, c.ratePerMinute, c.createdAt,
                    c.answeredAt, c.connectedAt, c.endedAt, c.endReason,
                    c.durationSeconds == null ? 0 : c.durationSeconds, c.billedMinutes, c.coinsCharged, c.carrier,
                    otherParty);
        }
    }

    /**
     * What a party needs to join the call's room: LiveKit's URL, their own token, and ICE servers for NAT. A PHONE
     * call has no room: the three are null and empty, and the phones ring.
     */
    public record CallSession(CallView call, @Schema(nullable = true) String livekitUrl,
            @Schema(nullable = true) String token,
            List<TurnCredentials.IceServer> iceServers) {
    }
}
