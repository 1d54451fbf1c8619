package app.banter.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A LiveKit that accepts the connection and never answers (bench/faults/livekit-down.sh: a call start then waited 20 s
 * for CreateRoom): every RoomService call gives up after banter.livekit.timeout, not the SDK's 10 s per read.
 */
class LiveKitRoomServiceTimeoutTest {

    @Test
    void aSilentLiveKitIsGivenUpOnAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            LiveKitConfig config = config("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(1));
            long start = System.nanoTime();
            Throwable failure = catchThrowable(() -> LiveKitRoomService.client(config).listRooms(List.of()).execute());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure).isInstanceOf(InterruptedIOException.class);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static LiveKitConfig config(String apiUrl, Duration timeout) {
        return new LiveKitConfig() {
            @Override
            public String url() {
                return "ws://127.0.0.1:1";
            }

            @Override
            public String apiUrl() {
                return apiUrl;
            }

            @Override
            public String apiKey() {
                return "key";
            }

            @Override
            public String apiSecret() {
                return "secret-of-at-least-thirty-two-characters";
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }
}
