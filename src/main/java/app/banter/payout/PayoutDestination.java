package app.banter.payout;

import app.banter.payout.PayoutViews.MethodRequest;
import app.banter.platform.error.ApiException;

/** A checked payout destination: a VPA, or a bank account with its IFSC and holder's name. */
record PayoutDestination(Payout.Method method, String vpa, String accountNumber, String ifsc, String holderName) {

    /** 400 INVALID_PAYOUT_METHOD unless the fields of the type, and only those, are given. */
    static PayoutDestination of(MethodRequest request) {
        if (request.type() == Payout.Method.UPI) {
            if (request.vpa() == null || request.accountNumber() != null || request.ifsc() != null
                    || request.holderName() != null) {
                throw invalid("A UPI payout takes a vpa and nothing else");
            }
            return new PayoutDestination(Payout.Method.UPI, request.vpa(), null, null, null);
        }
        if (request.vpa() != null || request.accountNumber() == null || request.ifsc() == null
                || request.holderName() == null) {
            throw invalid("A BANK payout takes accountNumber, ifsc and holderName, and no vpa");
        }
        return new PayoutDestination(Payout.Method.BANK, null, request.accountNumber(), request.ifsc(),
                request.holderName().trim());
    }

    /** What responses and logs may show. */
    String masked() {
        return method == Payout.Method.UPI ? maskVpa(vpa) : maskAccountNumber(accountNumber);
    }

    /** Whether a payout made earlier under the same Idempotency-Key asked for this (as far as its masked form tells). */
    boolean isSameAs(Payout earlier) {
        return earlier.method == method && earlier.destinationMasked.equals(masked())
                && (method == Payout.Method.UPI || ifsc.equals(earlier.ifsc));
    }

    /** "XXXXXXXX9012": the last 4 digits. */
    static String maskAccountNumber(String number) {
        return "X".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }

    /** "********umar@okaxis": the last 4 characters of the name at most, never more than half of it, and the handle. */
    static String maskVpa(String vpa) {
        int at = vpa.lastIndexOf('@');
        String name = vpa.substring(0, at);
        int shown = Math.min(4, name.length() / 2);
        return "*".repeat(name.length() - shown) + name.substring(name.length() - shown) + vpa.substring(at);
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("INVALID_PAYOUT_METHOD", detail);
    }
}
