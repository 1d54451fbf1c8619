package app.banter.gift;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * The gifts on offer, from configuration (banter.gifts.catalogue). Checked once at start: a catalogue with a price of
 * zero, a repeated id or a share outside 0-100 would move coins wrongly, so the service refuses to start with one.
 */
@ApplicationScoped
@Startup
public class GiftCatalogue {

    private final List<CatalogueGift> all;

    GiftCatalogue(GiftConfig config) {
        if (config.receiverSharePercent() < 0 || config.receiverSharePercent() > 100) {
            throw new IllegalStateException("banter.gifts.receiver-share-percent must be 0-100");
        }
        Set<String> ids = new HashSet<>();
        for (GiftConfig.CatalogueEntry entry : config.catalogue()) {
            if (!entry.id().matches(CatalogueGift.ID) || !ids.add(entry.id())) {
                throw new IllegalStateException("Gift ids are unique, 1-40 of a-z, 0-9, - and _: '" + entry.id()
                        + "'");
            }
            if (entry.coinPrice() <= 0) {
                throw new IllegalStateException("Gift '" + entry.id() + "' must cost at least one coin");
            }
        }
        this.all = config.catalogue().stream()
                .map(e -> new CatalogueGift(e.id(), e.name(), e.coinPrice(), e.iconKey(), e.active())).toList();
    }

    /** What the app offers now. */
    public List<CatalogueGift> active() {
        return all.stream().filter(CatalogueGift::active).toList();
    }

    /** Any gift of the catalogue, inactive ones included (they name gifts given before). */
    public Optional<CatalogueGift> find(String giftId) {
        return all.stream().filter(g -> g.id().equals(giftId)).findFirst();
    }
}
