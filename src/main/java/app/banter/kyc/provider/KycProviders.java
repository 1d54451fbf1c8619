package app.banter.kyc.provider;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import app.banter.kyc.KycConfig;

/** Every adapter by name, and the one configured for new submissions. */
@ApplicationScoped
public class KycProviders {

    private final Map<String, KycProvider> byName;
    private final String configured;

    KycProviders(Instance<KycProvider> providers, KycConfig config) {
        this.byName = providers.stream().collect(Collectors.toMap(KycProvider::name, Function.identity()));
        this.configured = config.provider();
        if (!byName.containsKey(configured)) {
            throw new IllegalStateException("banter.kyc.provider must be one of " + byName.keySet());
        }
    }

    /** The provider new submissions go to. */
    public KycProvider current() {
        return byName.get(configured);
    }

    public Optional<KycProvider> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
