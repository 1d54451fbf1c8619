package app.banter.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The frame pods exchange over Redis: what one pod writes, another reads back exactly, at the size it promises. */
class FanoutFrameTest {

    private static final String POD = UUID.randomUUID().toString();

    @Test
    void aDeliveryFrameCarriesEveryRecipientAndTheEventUnchanged() {
        List<UUID> recipients = IntStream.range(0, 5_000).mapToObj(i -> UUID.randomUUID()).toList();
        String json = "{\"type\":\"room.role_changed\",\"text\":\"new\\nline, comma and ünïcode\"}";

        String frame = FanoutFrame.deliver(POD, recipients, json);
        FanoutFrame read = FanoutFrame.parse(frame);

        assertThat(read.kind()).isEqualTo(FanoutFrame.DELIVER);
        assertThat(read.origin()).isEqualTo(POD);
        assertThat(read.recipients()).containsExactlyElementsOf(recipients);
        assertThat(read.body()).isEqualTo(json);
        // 22 characters per recipient, where the text form took 37 (36 and a comma).
        assertThat(frame.length()).isLessThan(5_000 * 22 + 200);
    }

    @Test
    void edgeUuidsSurviveTheBinaryForm() {
        List<UUID> recipients = List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE));

        assertThat(FanoutFrame.parse(FanoutFrame.deliver(POD, recipients, "{}")).recipients())
                .containsExactlyElementsOf(recipients);
    }

    @Test
    void aCloseSessionFrameCarriesTheSession() {
        UUID session = UUID.randomUUID();

        FanoutFrame read = FanoutFrame.parse(FanoutFrame.closeSession(POD, session));

        assertThat(read.kind()).isEqualTo(FanoutFrame.CLOSE_SESSION);
        assertThat(UUID.fromString(read.body())).isEqualTo(session);
    }

    @Test
    void aPodRecognisesOnlyItsOwnFrames() {
        String frame = FanoutFrame.deliver(POD, List.of(UUID.randomUUID()), "{}");

        assertThat(FanoutFrame.isFrom(frame, POD)).isTrue();
        assertThat(FanoutFrame.isFrom(frame, UUID.randomUUID().toString())).isFalse();
        assertThat(FanoutFrame.isFrom("E x", POD)).isFalse();
    }

    @Test
    void aDeliverEachFrameCarriesEveryRecipientsOwnEvent() {
        List<FanoutFrame.Delivery> deliveries = IntStream.range(0, 1_000).mapToObj(i -> new FanoutFrame.Delivery(
                i == 0 ? new UUID(-1, -1) : UUID.randomUUID(),
                "{\"type\":\"wallet.balance\",\"coins\":{\"balance\":" + i + "},\"text\":\"a\\nb ünïcode\"}")).toList();

        String frame = FanoutFrame.deliverEach(POD, deliveries);

        assertThat(FanoutFrame.isFrom(frame, POD)).isTrue();
        assertThat(FanoutFrame.parseEach(frame)).containsExactlyElementsOf(deliveries);
        // Older pods do not read it as a frame of theirs.
        assertThat(FanoutFrame.parse(frame)).isNull();
        assertThat(FanoutFrame.parseEach(FanoutFrame.deliver(POD, List.of(UUID.randomUUID()), "{}"))).isNull();
        assertThat(FanoutFrame.parseEach(FanoutFrame.deliverEach(POD, List.of()))).isEmpty();
    }

    @Test
    void framesOfAnotherFormatAreNotRead() {
        assertThat(FanoutFrame.parse("")).isNull();
        assertThat(FanoutFrame.parse("X " + POD + "\nsomething\n{}")).isNull();
        assertThat(FanoutFrame.parse("E " + POD + "\nno second line")).isNull();
    }
}
