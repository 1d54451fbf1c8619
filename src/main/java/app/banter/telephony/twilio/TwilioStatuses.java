package app.banter.telephony.twilio;

import app.banter.telephony.PhoneCallStatus.Stage;

/** Twilio's CallStatus values (queued, initiated, ringing, in-progress, completed, busy, no-answer, canceled, failed). */
final class TwilioStatuses {

    private TwilioStatuses() {
    }

    /**
     * The stage a status names. On the callee's leg "in-progress" is the bridge; on the caller's leg it is only the
     * caller picking up, with the callee still to be rung. Null for a status we do not know.
     */
    static Stage stage(String status, boolean calleeLeg) {
        return switch (status == null ? "" : status.toLowerCase()) {
            case "queued", "initiated", "ringing" -> Stage.RINGING;
            case "in-progress", "answered" -> calleeLeg ? Stage.BRIDGED : Stage.RINGING;
            case "completed" -> Stage.COMPLETED;
            case "busy" -> Stage.BUSY;
            case "no-answer" -> Stage.NO_ANSWER;
            case "failed" -> Stage.FAILED;
            case "canceled" -> Stage.CANCELED;
            default -> null;
        };
    }
}
