package app.banter.gift;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One gift of the catalogue: what it is called, what it costs and which icon the app shows. */
@RegisterForReflection
public record CatalogueGift(String id, String name, long coinPrice, String iconKey, boolean active) {

    static final String ID = "^[a-z0-9_-]{1,40}$";
}
