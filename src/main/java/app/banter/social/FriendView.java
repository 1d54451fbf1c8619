package app.banter.social;

import java.time.Instant;

import app.banter.user.UserSummary;

public record FriendView(UserSummary user, Instant friendsSince) {
}
