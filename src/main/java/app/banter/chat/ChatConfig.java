package app.banter.chat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.chat")
public interface ChatConfig {

    /**
     * The default of {@link #maxMessageLength}: the API document gives it as the maxLength of a message's text (direct
     * and room chat), which clients check before sending.
     */
    int DEFAULT_MAX_MESSAGE_LENGTH = 1000;

    /** Longest text of a message, in characters; at most 2000 (the column's size). */
    @WithDefault("" + DEFAULT_MAX_MESSAGE_LENGTH)
    int maxMessageLength();

    /** Messages one user may send per minute, across all conversations and pods. */
    @WithDefault("30")
    int messagesPerMinute();

    /** Shortest and longest voice note, in seconds, as the sender's app measured it. */
    @WithDefault("1")
    int voiceMinSeconds();

    @WithDefault("300")
    int voiceMaxSeconds();
}
