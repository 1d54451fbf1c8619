package app.banter.social;

import com.fasterxml.jackson.annotation.JsonTypeName;

import app.banter.realtime.ServerEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The realtime events of the social feature. */
public final class SocialEvents {

    private SocialEvents() {
    }

    /** Someone sent you a friend request. */
    @JsonTypeName("friend.request")
    @RegisterForReflection
    public record FriendRequestReceived(FriendRequestView request) implements ServerEvent.SocialEvent {
    }

    /** Your friend request was accepted (or crossed one of theirs): you are friends now. */
    @JsonTypeName("friend.accepted")
    @RegisterForReflection
    public record FriendRequestAccepted(FriendRequestView request) implements ServerEvent.SocialEvent {
    }
}
