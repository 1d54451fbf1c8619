package app.banter.notification;

import java.time.Duration;
import java.time.Instant;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;

/**
 * The FCM message for one push. A ring goes to Android as a high-priority data message, so that the app wakes and
 * shows its own incoming-call screen, and to iOS as an alert at priority 10 (ringing a sleeping iPhone properly
 * takes VoIP pushes, which FCM does not carry); everything else is a notification the phone shows itself. Both
 * platforms are told when the push stops being worth delivering, and pushes with a collapse key replace each other.
 */
final class PushMessages {

    private PushMessages() {
    }

    static Message of(PushOutboxRepository.Push push, String token, boolean toAndroid, Instant now) {
        long ttlMillis = Math.max(0, Duration.between(now, push.expiresAt()).toMillis());
        Message.Builder message = Message.builder().setToken(token)
                .putAllData(push.data())
                .putData("kind", push.kind())
                .putData("title", push.title())
                .putData("body", push.body());
        AndroidConfig.Builder android = AndroidConfig.builder()
                .setPriority(push.urgent() ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                .setTtl(ttlMillis);
        ApnsConfig.Builder apns = ApnsConfig.builder()
                .putHeader("apns-priority", push.urgent() ? "10" : "5")
                .putHeader("apns-expiration", Long.toString(push.expiresAt().getEpochSecond()))
                .setAps(Aps.builder().setSound("default").build());
        if (push.collapseKey() != null) {
            android.setCollapseKey(push.collapseKey());
            apns.putHeader("apns-collapse-id", push.collapseKey());
        }
        boolean dataOnly = push.urgent() && toAndroid;
        if (!dataOnly) {
            message.setNotification(Notification.builder().setTitle(push.title()).setBody(push.body()).build());
        }
        return message.setAndroidConfig(android.build()).setApnsConfig(apns.build()).build();
    }
}
