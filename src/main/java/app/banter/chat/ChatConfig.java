package app.banter.chat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.chat")
public interface ChatConfig {

    /** Longest text of a message, in characters; at most 2000 (the column's size). */
    @WithDefault("1000")
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
