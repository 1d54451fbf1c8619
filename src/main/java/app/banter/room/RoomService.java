package app.banter.room;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.platform.AfterCommit;
import app.banter.media.MediaAttachments;
import app.banter.media.MediaPurpose;
import app.banter.media.MediaRef;
import app.banter.platform.error.ApiException;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.realtime.RealtimeEvents;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.room.RoomViews.CreateRoom;
import app.banter.room.RoomViews.CreatedRoom;
import app.banter.room.RoomViews.ListenerView;
import app.banter.room.RoomViews.RoomSession;
import app.banter.room.RoomViews.RoomSummary;
import app.banter.room.RoomViews.RoomView;
import app.banter.room.RoomViews.StageMember;
import app.banter.social.Moderation;
import app.banter.social.UserBanned;
import app.banter.user.AccountDeleted;
import app.banter.user.HiddenProfiles;
import app.banter.user.UserSummary;
import app.banter.user.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Rooms as their members see them: create, discover, look at, join, leave, invite to, end. */
@ApplicationScoped
public class RoomService {

    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RoomPresence presence;
    private final RoomMedia media;
    private final Users users;
    private final HiddenProfiles hidden;
    private final AfterCommit afterCommit;
    private final RealtimeEvents events;
    private final MediaAttachments attachments;
    private final Moderation moderation;
    private final RoomConfig config;
    private final RateLimiter rateLimiter;

    RoomService(RoomRepository rooms, RoomMemberRepository members, RoomPresence presence, RoomMedia media,
            Users users, HiddenProfiles hidden, AfterCommit afterCommit, RealtimeEvents events,
            MediaAttachments attachments, Moderation moderation, RoomConfig config, RateLimiter rateLimiter) {
        this.rooms = rooms;
        this.members = members;
        this.presence = presence;
        this.media = media;
        this.users = users;
        this.hidden = hidden;
        this.afterCommit = afterCommit;
        this.events = events;
        this.attachments = attachments;
        this.moderation = moderation;
        this.config = config;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Opens a room with its creator as host, present. The room is committed first and LiveKit asked for it after; if
     * LiveKit cannot be reached the room is ended again and the request fails (502). A restricted user opens none: a
     * host speaks to everyone in it, and its title goes out with every invitation.
     */
    public CreatedRoom create(UUID hostId, CreateRoom request) {
        if (request.capacity() > config.maxCapacity()) {
            throw ApiException.badRequest("CAPACITY_TOO_LARGE",
                    "A room holds at most " + config.maxCapacity() + " members");
        }
        if (moderation.isRestrictedOrBanned(hostId)) {
            throw Moderation.restricted();
        }
        Room room = QuarkusTransaction.requiringNew().call(() -> open(hostId, request));
        try {
            media.create(room);
        } catch (ApiException unavailable) {
            QuarkusTransaction.requiringNew().run(() -> rooms.lock(room.id).filter(Room::isLive)
                    .ifPresent(r -> presence.end(r, "MEDIA_SERVER_UNAVAILABLE", now())));
            throw unavailable;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Room opened = rooms.findById(room.id);
            return new CreatedRoom(view(opened, hostId), session(opened, hostId, RoomRole.HOST));
        });
    }

    private Room open(UUID hostId, CreateRoom request) {
        rooms.lockHosting(hostId);
        if (rooms.countLiveHostedBy(hostId) >= config.maxLiveRoomsPerHost()) {
            throw ApiException.conflict("ALREADY_HOSTING", "End your live room before you open another");
        }
        Instant now = now();
        Room room = new Room();
        room.id = UUID.randomUUID();
        room.hostId = hostId;
        room.title = request.title().strip();
        room.description = request.description() == null || request.description().isBlank() ? null
                : request.description().strip();
        room.category = request.category();
        room.language = request.language();
        room.capacity = request.capacity();
        room.visibility = request.visibility();
        room.coverMediaKey = request.coverMediaId() == null ? null
                : attachments.attach(hostId, request.coverMediaId(), MediaPurpose.ROOM_COVER).key();
        room.livekitRoom = Room.LIVEKIT_PREFIX + room.id;
        room.status = Room.Status.LIVE;
        room.memberCount = 0;
        room.createdAt = now;
        room.updatedAt = now;
        room.nextCheckAt = now.plus(config.participantCheckEvery());
        rooms.persist(room);
        presence.arrive(room, null, hostId, RoomRole.HOST, now);
        return room;
    }

    @Transactional
    public RoomView get(UUID viewerId, UUID roomId) {
        return view(visible(roomId, viewerId), viewerId);
    }

    /** Live public rooms, by category and language when given; friends=true puts rooms where a friend speaks first. */
    @Transactional
    public Page<RoomSummary> discover(UUID viewerId, String category, String language, boolean friendsFirst,
            String cursor, int limit) {
        RoomRepository.Listing after = RoomCursor.decode(cursor);
        List<RoomRepository.Listing> listings = rooms.discover(viewerId, category, language, friendsFirst,
                hidden.hiddenFrom(viewerId), after, limit + 1);
        Map<UUID, Room> byId = rooms.byIds(listings.stream().map(RoomRepository.Listing::roomId).toList())
                .stream().collect(Collectors.toMap(r -> r.id, Function.identity()));
        Map<UUID, UserSummary> hosts = users.summaries(byId.values().stream().map(r -> r.hostId).toList());
        return Page.of(listings, limit, listing -> {
            Room room = byId.get(listing.roomId());
            return new RoomSummary(room.id, room.title, room.description, room.category, room.language,
                    coverUrl(room), hosts.get(room.hostId), listing.memberCount(), room.capacity,
                    listing.friendSpeaking(), room.createdAt);
        }, RoomCursor::encode);
    }

    /** Present listeners, newest first; people hidden from the viewer (blocks) are left out. */
    @Transactional
    public Page<ListenerView> listeners(UUID viewerId, UUID roomId, String cursor, int limit) {
        Room room = visible(roomId, viewerId);
        TimeCursor after = TimeCursor.decode(cursor);
        List<RoomMember> rows = members.listeners(room.id, after == null ? null : after.at(),
                after == null ? null : after.id(), hidden.hiddenFrom(viewerId), limit + 1);
        Map<UUID, UserSummary> people = users.summaries(rows.stream().map(m -> m.userId).toList());
        return Page.of(rows, limit, m -> new ListenerView(people.get(m.userId), m.handRaisedAt != null,
                m.presentSince), m -> new TimeCursor(m.presentSince, m.userId).encode());
    }

    /**
     * Admits the user and hands out a token for this room only. One conditional update of the room's count makes
     * capacity exact under any number of concurrent joins; joining again while present only renews the token.
     */
    @Transactional
    public RoomSession join(UUID userId, UUID roomId) {
        // Nothing here takes the room's lock, which every join into the room would queue on: refusals come first, and
        // the seat is taken by one conditional update at the very end (RoomPresence.join), which keeps capacity exact.
        Room room = visible(roomId, userId);
        requireLive(room);
        rooms.lockJoiner(roomId, userId);
        RoomMember member = members.lock(roomId, userId).orElse(null);
        // Read after the member's lock: a removal holds it until its ban commits, and a join that waited on it sees the
        // ban (read before, the join took a seat the moment the removal committed).
        if (rooms.isBanned(roomId, userId)) {
            throw ApiException.forbidden("BANNED_FROM_ROOM", "You were removed from this room");
        }
        if (member != null && member.present) {
            return session(room, userId, member.role);
        }
        if (!RoomPresence.hasSpace(room)) {
            throw roomFull();
        }
        RoomRole role = userId.equals(room.hostId) ? RoomRole.HOST : RoomRole.LISTENER;
        member = presence.join(room, member, userId, role, now(), presence.audience(room, userId));
        return session(room, userId, member.role);
    }

    /** Leaves the room; LiveKit is told to disconnect the member, should the app not have. */
    @Transactional
    public void leave(UUID userId, UUID roomId) {
        Room room = rooms.lock(roomId).orElseThrow(() -> ApiException.notFound("Room"));
        RoomMember member = members.lock(roomId, userId).filter(m -> m.present)
                .orElseThrow(() -> ApiException.notFound("Room member"));
        presence.depart(room, member, now());
        afterCommit.run(() -> media.disconnect(room, userId));
    }

    /**
     * A banned user leaves every room they are in, as a removed member does: the ban ends their sessions but not their
     * LiveKit connections, and a banned host or speaker would otherwise stay on stage. Runs inside the banning
     * transaction, so the ban and the departures commit together; LiveKit is told to disconnect them after the commit,
     * so that LiveKit being down does not undo a ban. A host leaves as any absent host does: the reconciler hands the
     * room on after the host grace (or ends it), with LiveKit's permissions for the successor.
     */
    void leaveAllRooms(@Observes UserBanned banned) {
        leaveAllRooms(banned.userId());
    }

    /** A deleted account leaves every room as a banned one does, in the deleting transaction. */
    void leaveAllRooms(@Observes AccountDeleted deleted) {
        leaveAllRooms(deleted.userId());
    }

    private void leaveAllRooms(UUID userId) {
        Instant now = now();
        for (UUID roomId : members.roomsPresentIn(userId)) {
            Room room = rooms.lock(roomId).orElseThrow();
            members.lock(roomId, userId).filter(m -> m.present).ifPresent(member -> {
                presence.depart(room, member, now);
                afterCommit.run(() -> media.disconnect(room, userId));
            });
        }
    }

    /**
     * Lets someone see and join an invite-only room; host and moderators invite, unless restricted (an invitation is a
     * notification with the room's title, which the host writes). The invitee is told once: inviting them again lets
     * them in as before but sends nothing, so that repeating it pushes no text at them. New invitations into a host's
     * rooms are rate-limited per host, moderators' included, so that appointing moderators does not multiply them.
     */
    @Transactional
    public void invite(UUID actorId, UUID roomId, UUID inviteeId) {
        Room room = visible(roomId, actorId);
        // Before the role check, which finds nobody present in an ended room and would send the host to join it.
        requireLive(room);
        RoomRole role = members.presentRole(roomId, actorId).orElseThrow(RoomService::notInRoom);
        if (!role.moderates()) {
            throw RoomService.notAllowed();
        }
        if (moderation.isRestrictedOrBanned(actorId)) {
            throw Moderation.restricted();
        }
        if (!users.isActive(inviteeId) || hidden.areHiddenFromEachOther(actorId, inviteeId)
                || hidden.areHiddenFromEachOther(room.hostId, inviteeId)) {
            throw ApiException.notFound("User");
        }
        if (rooms.invite(roomId, inviteeId, actorId, now())) {
            // Counted once the invitation is new (a repeat notifies nobody); a refusal rolls it back.
            rateLimiter.acquire("room-invites", room.hostId.toString(),
                    new RateLimiter.Limit(config.invitesPerHour(), Duration.ofHours(1)));
            events.sendToUser(inviteeId,
                    new RoomEvents.Invited(roomId, room.title, users.summary(actorId).orElseThrow()));
        }
    }

    /** The host ends the room: everyone is disconnected (LiveKit DeleteRoom) and told. */
    @Transactional
    public void end(UUID actorId, UUID roomId) {
        Room room = lockVisible(roomId, actorId);
        requireLive(room);
        if (!actorId.equals(room.hostId)) {
            throw ApiException.forbidden("HOST_ONLY", "Only the host can end the room");
        }
        presence.end(room, "ENDED_BY_HOST", now());
        media.close(room);
    }

    /**
     * The room if {@code viewerId} may see it: not blocked either way with the host, and public, or invite-only with
     * the viewer hosting, or invited or a member and not removed from it since. Anything else is as absent as no room.
     */
    Room visible(UUID roomId, UUID viewerId) {
        return requireVisible(rooms.findByIdOptional(roomId).orElseThrow(() -> ApiException.notFound("Room")),
                viewerId);
    }

    /**
     * As {@link #visible}, the room's row locked first: a room read before its lock would keep the counts it had
     * then, and capacity would not hold.
     */
    Room lockVisible(UUID roomId, UUID viewerId) {
        return requireVisible(rooms.lock(roomId).orElseThrow(() -> ApiException.notFound("Room")), viewerId);
    }

    private Room requireVisible(Room room, UUID viewerId) {
        UUID roomId = room.id;
        if (!viewerId.equals(room.hostId) && hidden.areHiddenFromEachOther(viewerId, room.hostId)) {
            throw ApiException.notFound("Room");
        }
        if (room.visibility == Room.Visibility.INVITE_ONLY && !viewerId.equals(room.hostId)
                && !rooms.admits(roomId, viewerId)) {
            throw ApiException.notFound("Room");
        }
        return room;
    }

    RoomView view(Room room, UUID viewerId) {
        List<RoomMember> stage = members.stage(room.id);
        Map<UUID, UserSummary> people = users.summaries(
                java.util.stream.Stream.concat(stage.stream().map(m -> m.userId), java.util.stream.Stream.of(
                        room.hostId)).collect(Collectors.toSet()));
        Set<UUID> hiddenFromViewer = stage.size() > 1 ? hidden.hiddenFrom(viewerId) : Set.of();
        List<StageMember> speakers = stage.stream().filter(m -> !hiddenFromViewer.contains(m.userId))
                .map(m -> new StageMember(people.get(m.userId), m.role, m.isSpeaking(), m.micMuted)).toList();
        RoomRole myRole = stage.stream().filter(m -> m.userId.equals(viewerId)).map(m -> m.role).findFirst()
                .orElseGet(() -> members.presentRole(room.id, viewerId).orElse(null));
        return new RoomView(room.id, room.title, room.description, room.category, room.language, room.visibility,
                coverUrl(room), room.status, people.get(room.hostId), speakers,
                Math.max(0, room.memberCount - stage.size()), room.memberCount, room.capacity, myRole,
                room.createdAt, room.endedAt);
    }

    /** Covers are public media: anyone who sees the room reads its cover through the CDN. */
    private String coverUrl(Room room) {
        return room.coverMediaKey == null ? null : attachments.publicUrl(MediaRef.fromKey(room.coverMediaKey));
    }

    private RoomSession session(Room room, UUID userId, RoomRole role) {
        return new RoomSession(room.id, role, media.url(), media.joinToken(room, userId, role));
    }

    private static void requireLive(Room room) {
        if (!room.isLive()) {
            throw ApiException.conflict("ROOM_ENDED", "This room has ended");
        }
    }

    private static ApiException roomFull() {
        return ApiException.conflict("ROOM_FULL", "This room is full");
    }

    static ApiException notInRoom() {
        return ApiException.forbidden("NOT_IN_ROOM", "Join the room first");
    }

    static ApiException notAllowed() {
        return ApiException.forbidden("ROOM_ROLE_REQUIRED", "Only the host or a moderator can do this");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
