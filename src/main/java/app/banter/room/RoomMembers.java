package app.banter.room;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.realtime.RealtimeEvents;
import app.banter.realtime.ServerEvent;

/**
 * What other features (room chat, gifts) ask about a voice room's members: who is present in which role, and how to
 * reach them all. One event costs one read of the present member ids, however big the room.
 */
@ApplicationScoped
public class RoomMembers {

    private final RoomMemberRepository members;
    private final RealtimeEvents events;
    private final RoomPresence presence;

    RoomMembers(RoomMemberRepository members, RealtimeEvents events, RoomPresence presence) {
        this.members = members;
        this.presence = presence;
        this.events = events;
    }

    /** The role of {@code userId} if present in the live room now; empty when not present, the room over or unknown. */
    @Transactional
    public Optional<RoomRole> presentRole(UUID roomId, UUID userId) {
        return members.presentRole(roomId, userId);
    }

    /**
     * Sends {@code event} to every member present in the room, once the caller's transaction commits (at once without
     * one). Inside a transaction the members are read as that transaction sees them.
     */
    @Transactional
    public void broadcast(UUID roomId, ServerEvent.RoomEvent event) {
        events.sendToUsers(members.presentIds(roomId), event);
    }

    /**
     * As {@link #broadcast}, for an event that names people (a message's author, a gift's giver and receiver): not to
     * members blocked either way with one of them, whom the room's views leave out of each other's sight.
     */
    @Transactional
    public void broadcastAbout(UUID roomId, ServerEvent.RoomEvent event, UUID... subjects) {
        presence.sendAbout(members.presentIds(roomId), event, subjects);
    }

    /** The present members' ids, for a caller that also tells someone no longer present. */
    @Transactional
    public List<UUID> presentIds(UUID roomId) {
        return members.presentIds(roomId);
    }
}
