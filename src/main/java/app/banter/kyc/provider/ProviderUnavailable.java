package app.banter.kyc.provider;

/** The provider could not be reached or answered nothing we can use; the message never carries the number. */
public class ProviderUnavailable extends RuntimeException {

    public ProviderUnavailable(String message) {
        super(message, null, false, false);
    }
}
