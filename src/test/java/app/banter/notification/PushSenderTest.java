package app.banter.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import app.banter.platform.firebase.Firebase;
import app.banter.platform.lifecycle.StopBudget;
import app.banter.platform.telemetry.ProviderSpans;
import app.banter.testsupport.FcmStandIn;
import app.banter.testsupport.TestUsers;
import app.banter.testsupport.TestUsers.TestUser;
import app.banter.user.PushTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The push sender when FCM does not answer, and when its pod stops. Its own application instance (a test profile): FCM
 * requests time out after three seconds, and no sender runs on the scheduler, so that the senders here, with two pushes in flight at most, are
 * the only ones claiming.
 */
@QuarkusTest
@TestProfile(PushSenderTest.OwnSenders.class)
class PushSenderTest {

    public static class OwnSenders implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false",
                    "banter.firebase.connect-timeout", "3s",
                    "banter.firebase.read-timeout", "3s");
        }
    }

    /** Longer than the test waits: as far as the test can tell, FCM never answers. */
    private static final Duration HUNG = Duration.ofSeconds(30);
    private static final Duration DELIVERY = Duration.ofSeconds(15);

    @Inject
    Notifications notifications;

    @Inject
    PushOutboxRepository outbox;

    @Inject
    PushTokens tokens;

    @Inject
    Firebase firebase;

    @Inject
    NotificationConfig config;

    @Inject
    ProviderSpans spans;

    @Test
    void pushesFcmHoldsOnToGiveTheirSlotsBackAndTheOthersAreStillSent() throws Exception {
        TestUser ravi = TestUsers.register();
        TestUser asha = TestUsers.register();
        String hungToken = device(ravi);
        String fineToken = device(asha);
        StubMapping hung = FcmStandIn.hangs(hungToken, HUNG);
        // Ravi's are claimed first (the oldest due) and take both slots.
        notify(ravi, 2);
        notify(asha, 3);

        Thread scheduler = runEvery200ms(sender());
        try {
            await().atMost(DELIVERY).until(() -> FcmStandIn.messagesTo(fineToken).size() >= 3);
            FcmStandIn.server().removeStub(hung);
            await().atMost(DELIVERY).until(() -> outbox.pendingFor(ravi.id()) == 0
                    && outbox.pendingFor(asha.id()) == 0);
        } finally {
            scheduler.interrupt();
            scheduler.join(10_000);
        }
        assertThat(FcmStandIn.messagesTo(hungToken).size()).as("the hung pushes, tried again").isGreaterThan(2);
    }

    /**
     * A stopping pod records the pushes FCM answers within the stop's budget: left to a next run that never comes, they
     * were sent again by another pod once their lease ran out.
     */
    @Test
    void aStoppingPodRecordsThePushesFcmAnswersMeanwhile() throws Exception {
        TestUser ravi = TestUsers.register();
        String token = device(ravi);
        // Answered within the timeout, but after the run has claimed and sent it and found nothing more due.
        StubMapping slow = FcmStandIn.hangs(token, Duration.ofMillis(1500));
        notify(ravi, 1);
        PushSender pod = sender();
        try {
            pod.sendDue();
            pod.stopClaiming(null);
            pod.recordInFlight(null);
        } finally {
            FcmStandIn.server().removeStub(slow);
        }

        assertThat(FcmStandIn.messagesTo(token)).hasSize(1);
        assertThat(outbox.pendingFor(ravi.id())).as("pushes left to be sent again").isZero();
    }

    /** A pod's sender with two pushes in flight at most. */
    private PushSender sender() {
        NotificationConfig twoInFlight = (NotificationConfig) Proxy.newProxyInstance(
                NotificationConfig.class.getClassLoader(), new Class<?>[] { NotificationConfig.class },
                (proxy, method, args) -> method.getName().equals("senderMaxInFlight") ? 2
                        : method.invoke(config, args));
        return new PushSender(outbox, tokens, firebase, twoInFlight, spans, new StopBudget());
    }

    /** As the scheduler runs the job: one run after the other, never two at once. */
    private static Thread runEvery200ms(PushSender sender) {
        return Thread.ofPlatform().name("push-sender-test").start(() -> {
            try {
                while (true) {
                    sender.sendDue();
                    Thread.sleep(200);
                }
            } catch (InterruptedException stopped) {
                // the test is over
            }
        });
    }

    private void notify(TestUser user, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            QuarkusTransaction.requiringNew().run(() -> notifications.record(new Notice(user.id(),
                    NotificationCategory.ACCOUNT, "test.push", "Hello", "push " + n, Map.of(), false, null, false,
                    Instant.now().plusSeconds(600))));
        }
    }

    private static String device(TestUser user) {
        String token = "fcm-" + UUID.randomUUID();
        user.request().body(Map.of("fcmToken", token, "platform", "ANDROID")).post("/api/v1/me/devices").then()
                .statusCode(201);
        return token;
    }
}
