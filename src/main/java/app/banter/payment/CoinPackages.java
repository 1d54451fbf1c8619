package app.banter.payment;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The coin packages on sale, from configuration (banter.payments.packages). */
@ApplicationScoped
public class CoinPackages {

    private final PaymentConfig config;

    CoinPackages(PaymentConfig config) {
        this.config = config;
    }

    public List<CoinPackageView> all() {
        return config.packages().entrySet().stream()
                .map(e -> new CoinPackageView(e.getKey(), e.getValue().coins(), e.getValue().pricePaise(),
                        config.currency()))
                .sorted(Comparator.comparingLong(CoinPackageView::pricePaise))
                .toList();
    }

    public Optional<CoinPackageView> find(String packageId) {
        return all().stream().filter(p -> p.id().equals(packageId)).findFirst();
    }

    public record CoinPackageView(String id, long coins, long pricePaise, String currency) {
    }
}
