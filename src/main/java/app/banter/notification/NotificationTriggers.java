package app.banter.notification;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import app.banter.call.Call;
import app.banter.call.CallConfig;
import app.banter.call.CallEvents.CallEnded;
import app.banter.call.CallEvents.CallIncoming;
import app.banter.chat.ChatEvents.MessageNew;
import app.banter.chat.Message;
import app.banter.chat.MessageView;
import app.banter.kyc.KycDecided;
import app.banter.kyc.KycStatus;
import app.banter.payment.CoinsPurchased;
import app.banter.payout.PayoutSettled;
import app.banter.realtime.OutgoingEvent;
import app.banter.realtime.Presence;
import app.banter.room.RoomEvents.Invited;
import app.banter.room.RoomEvents.SpeakInvited;
import app.banter.social.Blocks;
import app.banter.social.SocialEvents.FriendRequestAccepted;
import app.banter.social.SocialEvents.FriendRequestReceived;
import app.banter.user.UserSummary;
import app.banter.user.Users;

/**
 * Which realtime events also become notifications, read off the events themselves as they are sent (in the sender's
 * transaction), so that the features that cause them need not know notifications exist: a ring and a missed call,
 * a message for someone whose app is not connected, friend requests and their acceptance, room invitations. Features without realtime
 * events of their own fire a CDI event for it (coin purchases, KYC decisions, payouts settled).
 */
@ApplicationScoped
class NotificationTriggers {

    private final Notifications notifications;
    private final NotificationConfig config;
    private final CallConfig calls;
    private final Presence presence;
    private final Blocks blocks;
    private final Users users;

    NotificationTriggers(Notifications notifications, NotificationConfig config, CallConfig calls, Presence presence,
            Blocks blocks, Users users) {
        this.notifications = notifications;
        this.config = config;
        this.calls = calls;
        this.presence = presence;
        this.blocks = blocks;
        this.users = users;
    }

    void on(@Observes OutgoingEvent sent) {
        switch (sent.event()) {
            case CallIncoming ring -> sent.recipients().forEach(callee -> incomingCall(callee, ring));
            case CallEnded end when end.status() == Call.Status.MISSED -> sent.recipients().stream()
                    .filter(user -> !user.equals(end.callerId())).forEach(callee -> missedCall(callee, end));
            case MessageNew message -> sent.recipients().stream()
                    .filter(user -> !user.equals(message.message().senderId()))
                    .forEach(recipient -> newMessage(recipient, message.message()));
            case FriendRequestReceived request -> notify(request.request().recipient().id(),
                    request.request().sender(), NotificationCategory.SOCIAL, "friend.request", "Friend request",
                    " wants to be your friend", Map.of("requestId", request.request().id().toString()));
            case FriendRequestAccepted accepted -> notify(accepted.request().sender().id(),
                    accepted.request().recipient(), NotificationCategory.SOCIAL, "friend.accepted",
                    "Friend request accepted", " accepted your friend request",
                    Map.of("requestId", accepted.request().id().toString()));
            case Invited invite -> sent.recipients().forEach(invitee -> notify(invitee, invite.invitedBy(),
                    NotificationCategory.ROOMS, "room.invited", "Room invite", " invited you to " + invite.title(),
                    Map.of("roomId", invite.roomId().toString())));
            case SpeakInvited invite -> sent.recipients().forEach(listener -> speakInvite(listener, invite));
            default -> {
            }
        }
    }

    void on(@Observes CoinsPurchased purchase) {
        notifications.record(new Notice(purchase.userId(), NotificationCategory.WALLET, "coins.credited",
                "Coins added", purchase.coins() + " coins are in your wallet",
                data("purchaseId", purchase.purchaseId(), "coins", purchase.coins()), true, null, false, expiry()));
    }

    void on(@Observes PayoutSettled payout) {
        String body = switch (payout.status()) {
            case PROCESSED -> "Your withdrawal of " + payout.coins() + " coins is on its way to your account";
            case REVERSED -> "Your bank returned your withdrawal of " + payout.coins() + " coins; they are back";
            default -> "Your withdrawal of " + payout.coins() + " coins failed; the coins are back";
        };
        notifications.record(new Notice(payout.userId(), NotificationCategory.WALLET,
                "payout." + payout.status().name().toLowerCase(Locale.ROOT), "Withdrawal", body,
                data("payoutId", payout.payoutId()), true, null, false, expiry()));
    }

    void on(@Observes KycDecided decision) {
        boolean verified = decision.status() == KycStatus.VERIFIED;
        notifications.record(new Notice(decision.userId(), NotificationCategory.ACCOUNT, "kyc." + (verified
                ? "verified" : "rejected"), verified ? "KYC verified" : "KYC not verified",
                verified ? "Your document is verified: you can withdraw your earnings"
                        : "Your document could not be verified: " + decision.reason(),
                data("submissionId", decision.submissionId()), true, "kyc", false, expiry()));
    }

    /** Only for a listener whose app is not connected (it lost the room's events): the invitation lapses soon. */
    private void speakInvite(UUID listener, SpeakInvited invite) {
        Optional<UserSummary> by = users.summary(invite.invitedBy());
        if (by.isEmpty() || presence.isConnected(listener) || blocked(listener, invite.invitedBy())) {
            return;
        }
        notifications.record(new Notice(listener, NotificationCategory.ROOMS, "room.speak_invited",
                "Invited to speak", name(by.get()) + " invited you to speak", data("roomId", invite.roomId(),
                        "userId", invite.invitedBy()), false, "room:" + invite.roomId(), false, expiry()));
    }

    /** A ring: urgent, not kept in the list, and worthless once the call stops ringing. */
    private void incomingCall(UUID callee, CallIncoming ring) {
        if (blocked(callee, ring.caller().id())) {
            return;
        }
        notifications.record(new Notice(callee, NotificationCategory.CALLS, "call.incoming",
                ring.callType() == Call.Type.VIDEO ? "Incoming video call" : "Incoming call",
                name(ring.caller()) + " is calling you",
                data("callId", ring.callId(), "userId", ring.caller().id(), "callType", ring.callType()), false,
                "call:" + ring.callId(), true, Instant.now().plus(calls.ringTimeout())));
    }

    private void missedCall(UUID callee, CallEnded end) {
        Optional<UserSummary> caller = users.summary(end.callerId());
        if (caller.isEmpty() || blocked(callee, end.callerId())) {
            return;
        }
        notifications.record(new Notice(callee, NotificationCategory.CALLS, "call.missed", "Missed call",
                "You missed a call from " + name(caller.get()), data("callId", end.callId(), "userId", end.callerId()),
                true, "call:" + end.callId(), false, expiry()));
    }

    /** Only for a recipient whose app is not connected: a connected one has the message already. */
    private void newMessage(UUID recipient, MessageView message) {
        if (presence.isConnected(recipient) || blocked(recipient, message.senderId())) {
            return;
        }
        String sender = users.summary(message.senderId()).map(NotificationTriggers::name).orElse("Someone");
        notifications.record(new Notice(recipient, NotificationCategory.MESSAGES, "message.new", sender,
                preview(message), data("conversationId", message.conversationId(), "messageId", message.id(),
                        "userId", message.senderId()),
                false, "conversation:" + message.conversationId(), false, expiry()));
    }

    private void notify(UUID recipient, UserSummary actor, NotificationCategory category, String kind, String title,
            String action, Map<String, String> data) {
        if (blocked(recipient, actor.id())) {
            return;
        }
        Map<String, String> withActor = new HashMap<>(data);
        withActor.put("userId", actor.id().toString());
        notifications.record(new Notice(recipient, category, kind, title, name(actor) + action, withActor, true,
                null, false, expiry()));
    }

    private String preview(MessageView message) {
        if (message.text() == null || message.text().isBlank()) {
            return message.kind() == Message.Kind.IMAGE ? "Photo" : "New message";
        }
        String text = message.text().strip();
        int limit = config.messagePreviewLength();
        return text.codePointCount(0, text.length()) <= limit ? text
                : text.substring(0, text.offsetByCodePoints(0, limit)) + "…";
    }

    private boolean blocked(UUID recipient, UUID actor) {
        return blocks.isBlockedEitherWay(recipient, actor);
    }

    private Instant expiry() {
        return Instant.now().plus(config.pushTtl());
    }

    private static String name(UserSummary user) {
        return user.fullName() == null || user.fullName().isBlank() ? user.username() : user.fullName();
    }

    private static Map<String, String> data(Object... pairs) {
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put(pairs[i].toString(), pairs[i + 1].toString());
        }
        return data;
    }
}
