package app.banter.gift;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.gifts")
public interface GiftConfig {

    /**
     * Percent of a gift's coins that go to the receiver's earnings, rounded down to whole coins; the rest (at least the
     * rounding) is platform revenue.
     */
    @WithDefault("60")
    int receiverSharePercent();

    /** Gifters a room's top-gifters list names at most. */
    @WithDefault("10")
    int topGifters();

    /**
     * The catalogue, in the order the app shows it: banter.gifts.catalogue[0].id=rose, .name, .coin-price, .icon-key,
     * .active. An inactive gift stays in the list so that gifts already given keep their name and icon.
     */
    List<CatalogueEntry> catalogue();

    interface CatalogueEntry {
        String id();

        String name();

        long coinPrice();

        /** Key of the icon in the app's asset bundle (or, once media exists, of the uploaded image). */
        String iconKey();

        @WithDefault("true")
        boolean active();
    }
}
