package app.banter.telephony.twilio;

import com.twilio.base.Page;
import com.twilio.exception.RestException;
import com.twilio.rest.api.v2010.account.Call;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Twilio SDK reads its answers with Jackson through the annotated constructors of its model classes, which the
 * native image keeps only when registered: the call resource (with its status enums), the error body and pages of
 * calls. The SDK ships no native-image configuration of its own.
 */
@RegisterForReflection(targets = { Call.class, Call.Status.class, Call.UpdateStatus.class, RestException.class,
        Page.class })
final class TwilioNativeReflection {

    private TwilioNativeReflection() {
    }
}
