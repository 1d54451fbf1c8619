package app.banter.room;

/** What a member of a voice room may do. Host, moderators and speakers are on stage and may publish their microphone. */
public enum RoomRole {
    HOST,
    MODERATOR,
    SPEAKER,
    LISTENER;

    /** Whether this role speaks: its LiveKit grant publishes the microphone. */
    public boolean isOnStage() {
        return this != LISTENER;
    }

    /** Whether this role moderates: invites to speak, demotes, mutes, removes. */
    public boolean moderates() {
        return this == HOST || this == MODERATOR;
    }
}
