package app.banter.room;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "room_members")
public class RoomMember {

    @Id
    public UUID id;

    public UUID roomId;

    public UUID userId;

    @Enumerated(EnumType.STRING)
    public RoomRole role;

    public boolean present;

    public Instant presenceChangedAt;

    public Instant presentSince;

    public Instant firstJoinedAt;

    public Instant handRaisedAt;

    public Instant speakInvitedAt;

    public String micTrackSid;

    public boolean micMuted;

    /** On stage with a published, unmuted microphone: what clients show as speaking. */
    public boolean isSpeaking() {
        return present && role.isOnStage() && micTrackSid != null && !micMuted;
    }
}
