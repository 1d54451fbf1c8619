package app.banter.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.banter.platform.AfterCommit;
import app.banter.platform.security.SessionRevoked;

/**
 * What other features call to reach a user's devices, wherever they are connected. Called inside a transaction, the
 * event leaves only once that transaction commits: a client must never see a message that was rolled back. Delivery
 * is at most once to the devices connected at that moment; clients catch up through the REST lists on reconnect.
 */
@ApplicationScoped
public class RealtimeEvents {

    private final Fanout fanout;
    private final ObjectMapper json;
    private final AfterCommit afterCommit;

    private final Event<OutgoingEvent> outgoing;

    RealtimeEvents(Fanout fanout, ObjectMapper json, AfterCommit afterCommit, Event<OutgoingEvent> outgoing) {
        this.fanout = fanout;
        this.json = json;
        this.afterCommit = afterCommit;
        this.outgoing = outgoing;
    }

    public void sendToUser(UUID userId, ServerEvent event) {
        sendToUsers(List.of(userId), event);
    }

    public void sendToUsers(Collection<UUID> userIds, ServerEvent event) {
        if (userIds.isEmpty()) {
            return;
        }
        String frame = serialize(event);
        List<UUID> recipients = List.copyOf(userIds);
        outgoing.fire(new OutgoingEvent(recipients, event));
        afterCommit.run(() -> fanout.deliver(recipients, frame));
    }

    /**
     * Each user its own event (a balance after a billing batch): as {@link #sendToUser} for each, but carried to the
     * other pods in one fan-out frame rather than one per user.
     */
    public void sendEach(Map<UUID, ? extends ServerEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<FanoutFrame.Delivery> deliveries = new ArrayList<>(events.size());
        events.forEach((userId, event) -> {
            deliveries.add(new FanoutFrame.Delivery(userId, serialize(event)));
            outgoing.fire(new OutgoingEvent(List.of(userId), event));
        });
        afterCommit.run(() -> fanout.deliverEach(deliveries));
    }

    /**
     * A websocket is authenticated once, at the upgrade; when its session is revoked (logout, refresh-token reuse, ban,
     * account deletion) it closes on whichever pod holds it. Should this frame not reach a pod, the socket's next
     * heartbeat finds the revocation (RealtimeGateway).
     */
    void closeConnectionsOf(@Observes SessionRevoked event) {
        afterCommit.run(() -> fanout.closeSession(event.sessionId()));
    }

    String serialize(ServerEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.getClass().getName() + " is not serializable", e);
        }
    }
}
