package app.banter.realtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import app.banter.user.AccountDeleted;

/** A deleted account's websockets close on every pod once the deletion commits. */
@ApplicationScoped
public class Disconnections {

    private final RealtimeEvents events;

    Disconnections(RealtimeEvents events) {
        this.events = events;
    }

    void onAccountDeleted(@Observes AccountDeleted event) {
        events.disconnect(event.userId());
    }
}
