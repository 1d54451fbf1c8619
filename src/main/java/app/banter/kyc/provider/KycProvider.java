package app.banter.kyc.provider;

/**
 * One verification provider behind the adapter interface. Adapters call their provider synchronously and report what
 * it said; a provider that decides later reports PENDING and answers {@link #status} (the poller) or its webhook.
 */
public interface KycProvider {

    /** The name in configuration, in the webhook path and on each submission. */
    String name();

    /** Whether this provider verifies the document type through a documented endpoint. */
    default boolean supports(app.banter.kyc.DocumentType type) {
        return true;
    }

    /**
     * Sends the document to the provider.
     *
     * @throws ProviderUnavailable when the provider could not be asked or gave no usable answer
     */
    ProviderDecision verify(DocumentCheck check);

    /**
     * Asks the provider again about a request it left pending.
     *
     * @throws ProviderUnavailable as above
     */
    ProviderDecision status(String reference);
}
